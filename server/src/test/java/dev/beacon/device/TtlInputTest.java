package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.zone.TtlBounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ttl field of a request within a zone that allows 30 to 3600 seconds. */
class TtlInputTest {

    private static final TtlBounds BOUNDS = new TtlBounds(30, 3600);

    private static TtlInput.Result parse(String value) {
        return TtlInput.parse(new Params.Field.Value(value), BOUNDS);
    }

    @ParameterizedTest(name = "ttl={0} asks for {1}")
    @CsvSource(delimiter = '|', textBlock = """
            300      | 300
            30       | 30
            3600     | 3600
            ' 120 '  | 120
            0300     | 300
            ''       | 0
            """)
    void readsASecondsCountWithinTheBoundsOrEmptyForTheZones(String value, int ttl) {
        assertThat(parse(value)).isEqualTo(new TtlInput.Result(true, ttl));
    }

    @ParameterizedTest(name = "ttl={0} is 05|ttl")
    @CsvSource(delimiter = '|', textBlock = """
            29
            3601
            0
            -60
            +60
            1e3
            60s
            sixty
            99999999999
            """)
    void refusesWhatIsOutsideTheBoundsOrNotAPlainNumber(String value) {
        assertThat(parse(value).valid()).isFalse();
    }

    @Test
    void aTtlNotSentKeepsTheNamesAndOneSentTwiceIsRefused() {
        assertThat(TtlInput.parse(new Params.Field.Absent(), BOUNDS)).isEqualTo(new TtlInput.Result(true, null));
        assertThat(TtlInput.parse(new Params.Field.Duplicate(), BOUNDS).valid()).isFalse();
    }
}
