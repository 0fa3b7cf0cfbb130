package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SipHash-2-4 against the reference vectors (key 00..0f, message 00..n-1), as bytes in output order. */
class SipHash24Test {

    private static final byte[] KEY = sequence(16);

    @Test
    void emptyMessageHashesToTheReferenceValue() {
        assertThat(SipHash24.hash(KEY, sequence(0), 0)).isEqualTo(0x310e0edd47db6f72L);
    }

    @Test
    void fifteenByteMessageOfThePaperHashesToItsValue() {
        assertThat(SipHash24.hash(KEY, sequence(15), 15)).isEqualTo(0xe545be4961ca29a1L);
    }

    @Test
    void onlyTheGivenLengthIsHashed() {
        byte[] longer = sequence(40);
        assertThat(SipHash24.hash(KEY, longer, 15)).isEqualTo(SipHash24.hash(KEY, sequence(15), 15));
    }

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
