package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostNameTest {

    private final Zone zone = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());

    @Test
    void fullNamesInTheZoneGiveTheirLabel() {
        assertThat(HostName.labelIn("cam1.ddns.test", zone, HostUpdate.Naming.FQDN)).isEqualTo("cam1");
        assertThat(HostName.labelIn(" CAM1.DDNS.TEST. ", zone, HostUpdate.Naming.FQDN)).isEqualTo("cam1");
    }

    @Test
    void bareLabelsOnlyWhereAllowed() {
        assertThat(HostName.labelIn("cam1", zone, HostUpdate.Naming.FQDN_OR_LABEL)).isEqualTo("cam1");
        assertThat(HostName.labelIn("cam1", zone, HostUpdate.Naming.FQDN)).isNull();
    }

    @Test
    void namesOutsideTheZoneOrDeeperOrReservedGiveNoLabel() {
        assertThat(HostName.labelIn("cam1.other.test", zone, HostUpdate.Naming.FQDN)).isNull();
        assertThat(HostName.labelIn("a.cam1.ddns.test", zone, HostUpdate.Naming.FQDN)).isNull();
        assertThat(HostName.labelIn("www.ddns.test", zone, HostUpdate.Naming.FQDN)).isNull();
    }

    @Test
    void wellFormedMeansLdhLabelsAndAtLeastTwo() {
        assertThat(HostName.isWellFormed("cam1.other.test")).isTrue();
        assertThat(HostName.isWellFormed("cam1")).isFalse();
        assertThat(HostName.isWellFormed("bad_name.test")).isFalse();
        assertThat(HostName.isWellFormed("-x.test")).isFalse();
        assertThat(HostName.isWellFormed("a..test")).isFalse();
    }
}
