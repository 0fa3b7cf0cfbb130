package dev.beacon.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostLabelTest {

    private final Zone zone = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cam1|cam1",
        "  Cam1  |cam1",
        "CAM-1|cam-1",
        "cam1.ddns.test|cam1",
        "CAM1.DDNS.TEST|cam1",
        "a|a",
        "0cam|0cam",
        "kamera-büro|xn--kamera-bro-heb",
        "xn--kamera-bro-heb|xn--kamera-bro-heb",
        "müller.ddns.test|xn--mller-kva"
    })
    void typedNamesBecomeTheirStoredLabel(String typed, String label) {
        assertThat(HostLabel.parse(typed, zone).label()).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "-cam", "cam-", "ca_m", "cam 1", "cam\r\n1", "cam\u00001", "c\tam", "a.b",
        "cam1.", "cam1.ddns.test.", "cam1..ddns.test", "cam1.other.test", "*", "*.ddns.test", "ddns.test",
        "ab--c", "xn--", "xn--zz", "_acme-challenge", "www", "WWW", "ns1", "autodiscover", "wpad", "cam/1", "cam%1",
        "x123456789012345678901234567890123456789012345678901234567890123"})
    void illegalOrReservedNamesAreRefused(String typed) {
        assertThat(HostLabel.parse(typed, zone).ok()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63})
    void labelsOfOneToSixtyThreeCharactersAreAccepted(int length) {
        assertThat(HostLabel.parse("a".repeat(length), zone).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"printer", "PRINTER"})
    void aZoneCanReserveItsOwnLabels(String typed) {
        Zone custom = zone.withPolicy(new ZonePolicy(false, false, 1, java.util.Set.of("printer"), false,
                dev.beacon.record.TxtLimits.defaults(), ZonePolicy.ALL_TOKEN_VERSIONS));
        assertThat(HostLabel.parse(typed, custom).problem()).isEqualTo(HostLabel.Problem.RESERVED);
        assertThat(HostLabel.parse("www", custom).ok()).isTrue();
    }
}
