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
}
