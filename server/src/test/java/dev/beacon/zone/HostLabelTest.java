package dev.beacon.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
                dev.beacon.record.TxtLimits.defaults(), ZonePolicy.ALL_TOKEN_VERSIONS, List.of()));
        assertThat(HostLabel.parse(typed, custom).problem()).isEqualTo(HostLabel.Problem.RESERVED);
        assertThat(HostLabel.parse("www", custom).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0430dmin", "p\u0430ypal", "xn--dmin-43d"})
    void h7ALabelMixingLatinWithAnotherScriptIsALookAlikeAndRefused(String typed) {
        assertThat(HostLabel.parse(typed, zone).problem()).isEqualTo(HostLabel.Problem.MIXED_SCRIPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u043a\u0430\u043c\u0435\u0440\u0430", "b\u00fccher", "\u6771\u4eac\u30ab\u30e1\u30e9", "cam-\u6771\u4eac"})
    void aLabelInOneScriptOrInScriptsWrittenTogetherIsAccepted(String typed) {
        assertThat(HostLabel.parse(typed, zone).ok()).as(typed).isTrue();
    }

    @Test
    void h7AControlCharacterInsideALabelIsRefusedWhileSurroundingSpaceIsTrimmed() {
        assertThat(HostLabel.parse("cam\u00001", zone).ok()).isFalse();
        assertThat(HostLabel.parse("cam\t1", zone).ok()).isFalse();
        assertThat(HostLabel.parse("cam1\n", zone).label()).isEqualTo("cam1");
    }

    @Test
    void h7AReservedPatternRefusesEveryLabelItMatches() {
        Zone custom = zone.withPolicy(new ZonePolicy(false, false, 1, ZonePolicy.DEFAULT_RESERVED, false,
                dev.beacon.record.TxtLimits.defaults(), ZonePolicy.ALL_TOKEN_VERSIONS, List.of("paypal*", "*-login")));
        assertThat(HostLabel.parse("paypal-secure", custom).problem()).isEqualTo(HostLabel.Problem.RESERVED);
        assertThat(HostLabel.parse("bank-login", custom).problem()).isEqualTo(HostLabel.Problem.RESERVED);
        assertThat(HostLabel.parse("login", custom).ok()).isTrue();
        assertThat(HostLabel.parse("cam1", custom).ok()).isTrue();
    }
}
