package dev.beacon.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeviceIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"e0469ab81bfc", "E0469AB81BFC", "E0-46-9A-B8-1B-FC", "e0:46:9a:b8:1b:fc",
            "e046.9ab8.1bfc", "E0:46:9A:B8:1B:FC"})
    void everyCommonMacSpellingNormalisesToColonUppercase(String spelling) {
        assertThat(DeviceId.parse(spelling).value()).isEqualTo("E0:46:9A:B8:1B:FC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SN-00012345", "e0:46:9a:b8:1b", "E0-46:9A-B8:1B-FC", "serial with spaces", "Ωmega-7"})
    void anythingElseIsKeptExactlyAsSent(String id) {
        assertThat(DeviceId.parse(id).value()).isEqualTo(id);
    }

    @Test
    void macIsRecognisedAfterNormalisation() {
        assertThat(DeviceId.parse("e0469ab81bfc").isMac()).isTrue();
        assertThat(DeviceId.parse("SN-1").isMac()).isFalse();
    }

    @Test
    void emptyIdIsRefused() {
        assertThatThrownBy(() -> DeviceId.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idOfSixtyFourBytesIsAcceptedAndSixtyFiveRefused() {
        assertThat(DeviceId.parse("x".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> DeviceId.parse("x".repeat(65))).hasMessageContaining("64 bytes");
    }

    @Test
    void lengthLimitCountsUtf8BytesNotCharacters() {
        assertThatThrownBy(() -> DeviceId.parse("é".repeat(33))).hasMessageContaining("64 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cam\n1", "cam\u00001", "cam\r", "\u007f", "a\u0085b"})
    void controlCharactersAreRefused(String id) {
        assertThatThrownBy(() -> DeviceId.parse(id)).hasMessageContaining("control character");
        assertThat(DeviceId.parseOrNull(id)).isNull();
    }

    @Test
    void loneSurrogateIsRefused() {
        assertThat(DeviceId.parseOrNull("a\uD800b")).isNull();
    }
}
