package dev.beacon.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldSpecTest {

    private final FieldSpec port = FieldSpec.integer("port", 1, 65535);
    private final FieldSpec fw = FieldSpec.string("fw", 8, null);

    @Test
    void integerInBoundsIsStoredCanonically() {
        assertThat(port.normalise(" 8080 ")).isEqualTo("8080");
        assertThat(port.normalise("1")).isEqualTo("1");
        assertThat(port.normalise("65535")).isEqualTo("65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "80a", "", "8 0", "+80", "99999999999999999999", "1e3"})
    void integerOutOfBoundsOrMalformedIsRefused(String value) {
        assertThat(port.normalise(value)).isNull();
    }

    @Test
    void stringWithinLengthIsKept() {
        assertThat(fw.normalise("1.2.3")).isEqualTo("1.2.3");
        assertThat(fw.normalise("ÅÅÅÅÅÅÅÅ")).isEqualTo("ÅÅÅÅÅÅÅÅ");
    }

    @Test
    void stringTooLongOrWithControlCharactersIsRefused() {
        assertThat(fw.normalise("123456789")).isNull();
        assertThat(fw.normalise("a\nb")).isNull();
    }

    @Test
    void stringMustMatchItsPatternWhenOneIsSet() {
        FieldSpec hw = FieldSpec.string("hw", 16, Pattern.compile("rev[A-Z]"));
        assertThat(hw.normalise("revB")).isEqualTo("revB");
        assertThat(hw.normalise("revb")).isNull();
    }

    @Test
    void fieldsCannotShadowProtocolParameters() {
        assertThatThrownBy(() -> FieldSpec.integer("myip", 0, 1)).hasMessageContaining("protocol parameter");
    }
}
