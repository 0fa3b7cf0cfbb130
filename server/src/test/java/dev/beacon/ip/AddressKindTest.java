package dev.beacon.ip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTest {

    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "2a00:1450:4001:80b::200e, PUBLIC",
        "10.1.2.3, NON_PUBLIC",
        "172.16.0.1, NON_PUBLIC",
        "192.168.1.10, NON_PUBLIC",
        "127.0.0.1, NON_PUBLIC",
        "169.254.1.1, NON_PUBLIC",
        "100.64.0.1, NON_PUBLIC",
        "203.0.113.7, NON_PUBLIC",
        "::1, NON_PUBLIC",
        "fd00::1, NON_PUBLIC",
        "fe80::1, NON_PUBLIC",
        "2001:db8::1, NON_PUBLIC",
        "0.0.0.0, NEVER",
        "0.1.2.3, NEVER",
        "224.0.0.1, NEVER",
        "255.255.255.255, NEVER",
        ":: , NEVER",
        "ff02::1, NEVER",
        "2a00:1450:4001:80b::, NEVER"
    })
    void addressesAreClassifiedForTheZonePolicy(String address, AddressKind kind) {
        assertThat(AddressKind.of(IpLiteral.parse(address.strip()))).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({
        "::ffff:10.1.2.3, NON_PUBLIC",
        "::ffff:0:10.1.2.3, NON_PUBLIC",
        "::ffff:0:8.8.8.8, PUBLIC",
        "::192.168.1.1, NON_PUBLIC",
        "64:ff9b::192.168.1.1, NON_PUBLIC",
        "64:ff9b::8.8.8.8, PUBLIC",
        "2002:0a01:0203::1, NON_PUBLIC",
        "2002:0808:0808::1, PUBLIC",
        "2001:0:4136:e378:8000:63bf:f5fe:fdfc, NON_PUBLIC",
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7, PUBLIC",
        "2001:2::1, NON_PUBLIC"
    })
    void h6Ipv6FormsCarryingAPrivateIpv4AddressAreNotPublic(String address, AddressKind kind) {
        assertThat(AddressKind.of(IpLiteral.parse(address.strip()))).isEqualTo(kind);
    }
}
