package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.device.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormDecoderTest {

    @Test
    void fieldsAreDecodedWithPercentEscapesAndPlusAsSpace() {
        Params p = new Params();
        assertThat(FormDecoder.decode("mac=AQ%2BB&dm=my+cam&myip=1.2.3.4", p)).isNull();
        assertThat(p.single("mac")).isEqualTo("AQ+B");
        assertThat(p.single("dm")).isEqualTo("my cam");
        assertThat(p.single("myip")).isEqualTo("1.2.3.4");
    }

    @Test
    void utf8EscapesDecodeToUnicode() {
        Params p = new Params();
        assertThat(FormDecoder.decode("dm=m%C3%BCller", p)).isNull();
        assertThat(p.single("dm")).isEqualTo("müller");
    }

    @Test
    void unescapedUtf8BytesDecodeToUnicode() {
        Params p = new Params();
        assertThat(FormDecoder.decode("dm=m\u00c3\u00bcller", p)).isNull();
        assertThat(p.single("dm")).isEqualTo("müller");
    }

    @Test
    void charsBeyondOneByteCannotHaveComeOffTheWire() {
        assertThat(FormDecoder.decode("dm=\u20ac", new Params())).isNotNull();
    }

    @Test
    void fieldWithoutValueIsEmpty() {
        Params p = new Params();
        assertThat(FormDecoder.decode("myip&dm=", p)).isNull();
        assertThat(p.field("myip")).isEqualTo(new Params.Field.Value(""));
        assertThat(p.field("dm")).isEqualTo(new Params.Field.Value(""));
    }

    @Test
    void fieldSentTwiceIsAmbiguous() {
        Params p = new Params();
        FormDecoder.decode("dm=a&dm=b", p);
        assertThat(p.field("dm")).isInstanceOf(Params.Field.Duplicate.class);
        assertThat(p.single("dm")).isNull();
    }

    @Test
    void emptyPairsAreIgnored() {
        Params p = new Params();
        assertThat(FormDecoder.decode("&&dm=a&", p)).isNull();
        assertThat(p.single("dm")).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm=%", "dm=%4", "dm=%zz", "dm=%C3", "dm=%FF%FE", "d%m=1", "dm=%ED%A0%80", "dm=m\u00fcller"})
    void brokenEscapesOrInvalidUtf8MakeTheRequestBad(String query) {
        assertThat(FormDecoder.decode(query, new Params())).isNotNull();
    }

    @Test
    void tooManyFieldsMakeTheRequestBad() {
        assertThat(FormDecoder.decode("a=1&".repeat(FormDecoder.MAX_FIELDS + 1), new Params())).contains("fields");
    }
}
