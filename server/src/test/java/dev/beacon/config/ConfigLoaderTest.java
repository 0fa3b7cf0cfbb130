package dev.beacon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.zone.FieldSpec;
import dev.beacon.zone.NameServer;
import dev.beacon.zone.TtlBounds;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path dir;

    @Test
    void noFileMeansEmbeddedDefaultsWithAGeneratedKey() throws Exception {
        BeaconConfig c = ConfigLoader.load(null, overrides(dir.resolve("data")));
        assertThat(c.dev()).isTrue();
        assertThat(c.http()).hasToString("127.0.0.1:8080");
        assertThat(c.dns()).hasToString("127.0.0.1:5300");
        assertThat(c.zones()).extracting(Zone::name).containsExactly("ddns.test");
        assertThat(c.zones().get(0).keys()).hasSize(1);
        assertThat(c.store().url().text()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/beacon.db"));
        assertThat(c.newKeyFiles()).extracting(BeaconConfig.NewKeyFile::file).containsExactly(dir.resolve("data/device.key"));
    }

    @Test
    void loadingTheConfigNeverWritesAKeyFile() throws Exception {
        ConfigLoader.load(null, overrides(dir.resolve("data")));
        assertThat(dir.resolve("data/device.key")).doesNotExist();
    }

    @Test
    void anExistingDefaultKeyFileIsReadNotReplaced() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/device.key"), KEY + "\n");
        BeaconConfig c = ConfigLoader.load(null, overrides(dir.resolve("data")));
        assertThat(c.newKeyFiles()).isEmpty();
        assertThat(Files.readString(dir.resolve("data/device.key")).strip()).isEqualTo(KEY);
    }

    @Test
    void rawBinaryKeyFileIsRefusedAsNotBase64() throws Exception {
        Path key = dir.resolve("raw.key");
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0x80 + i);
        }
        Files.write(key, raw);
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, file: '" + key + "'}]}]\n"))
                .hasMessageContaining("expected base64").hasMessageContaining("binary data (32 bytes)")
                .hasMessageNotContaining("Input length");
    }

    @Test
    void rateLimitingAndCookiesAreOnByDefault() throws Exception {
        dev.beacon.dns.DnsSettings dns = load(zoneWithKey()).dnsSettings();
        assertThat(dns.rateLimit()).isEqualTo(new dev.beacon.dns.DnsSettings.RateLimit(20, 2, 24, 56));
        assertThat(dns.cookies().enabled()).isTrue();
        assertThat(dns.cookies().secret()).as("a random one each start").isNull();
    }

    @Test
    void rateLimitAndASharedCookieSecretAreConfigured() throws Exception {
        dev.beacon.dns.DnsSettings dns = load(zoneWithKey() + "dns: {rate-limit: {responses-per-second: 5, slip: 0,"
                + " ipv4-prefix: 32, ipv6-prefix: 64}, cookie-secret: e5e973e5a6b2a43f48e7dc849e37bfcf}\n").dnsSettings();
        assertThat(dns.rateLimit()).isEqualTo(new dev.beacon.dns.DnsSettings.RateLimit(5, 0, 32, 64));
        assertThat(dns.cookies().secret()).isEqualTo(java.util.HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"));
        assertThat(load(zoneWithKey() + "dns: {rate-limit: {responses-per-second: 0}}\n").dnsSettings().rateLimit()
                .enabled()).isFalse();
    }

    @Test
    void aCookieSecretThatIsNot32HexDigitsIsRefusedWithTheWayToMakeOne() {
        assertThatThrownBy(() -> load(zoneWithKey() + "dns: {cookie-secret: abc}\n"))
                .hasMessage("dns.cookie-secret: must be 32 hex digits (16 bytes), e.g. from: openssl rand -hex 16");
    }

    @Test
    void aKeyFileThatIsNoKeyFileSuchAsDevZeroIsRefusedUnread() throws Exception {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, file: /dev/zero}]}]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("larger than 4096 bytes");
    }

    @Test
    void aConfigThatIsNoConfigSuchAsDevZeroIsRefusedUnread() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/dev/zero"), overrides(dir.resolve("data"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("larger than 1048576 bytes");
    }

    @Test
    void aConfigThatIsNotUtf8IsRefusedRatherThanGuessedAt() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'d', 'e', 'v', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> ConfigLoader.load(file, overrides(dir.resolve("data"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--config: cannot read");
    }

    @Test
    void anEmptyKeyAtTheTopLevelIsRefusedByName() {
        assertThatThrownBy(() -> load("? \n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the top level").hasMessageContaining("must be text");
    }

    @Test
    void emptyKeyFileIsRefusedAsEmpty() throws Exception {
        Path key = dir.resolve("empty.key");
        Files.writeString(key, "");
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, file: '" + key + "'}]}]\n"))
                .hasMessageContaining("is empty");
    }

    @Test
    void aConfigFileTurnsDevModeOffUnlessAsked() throws Exception {
        assertThat(load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}]}]\n").dev()).isFalse();
    }

    @Test
    void zonesKeysPolicyAndFieldsAreRead() throws Exception {
        BeaconConfig c = load("""
                zones:
                  - name: View.Example.
                    ttl: 30
                    ns: [ns1.view.example, ns2.view.example]
                    keys: [{id: 7, secret: '%s'}]
                    policy: {public-only: true, allow-static-tokens: true, max-names-per-device: 3, reserved-labels: [printer], operator-tokens: true}
                    fields:
                      - {name: port, type: int, min: 1, max: 65535}
                      - {name: fw, type: string, max-length: 32}
                """.formatted(KEY));
        Zone z = c.zones().get(0);
        assertThat(z.name()).isEqualTo("view.example");
        assertThat(z.ttl()).isEqualTo(30);
        assertThat(z.nameServers()).extracting(NameServer::name).containsExactly("ns1.view.example", "ns2.view.example");
        assertThat(z.keys().get(0).id()).isEqualTo(7);
        assertThat(z.policy().publicOnly()).isTrue();
        assertThat(z.policy().allowStaticTokens()).isTrue();
        assertThat(z.policy().maxNamesPerDevice()).isEqualTo(3);
        assertThat(z.policy().reservedLabels()).containsExactlyInAnyOrder("printer", "ns1", "ns2");
        assertThat(z.policy().operatorTokens()).isTrue();
        assertThat(z.fields().get("port").type()).isEqualTo(FieldSpec.Type.INT);
        assertThat(z.fields().get("fw").maxLength()).isEqualTo(32);
    }

    @Test
    void nameServersTakeGlueAndSoaTimersAreRead() throws Exception {
        BeaconConfig c = load("""
                zones:
                  - name: view.example
                    keys: [{id: 1, secret: '%s'}]
                    ns: [{name: dns1.view.example, a: 192.0.2.53, aaaa: '2001:db8::53'}, ns.provider.net]
                    soa: {ttl: 300, refresh: 1800, retry: 300, expire: 86400, minimum: 30}
                """.formatted(KEY));
        Zone z = c.zones().get(0);
        assertThat(z.nameServers().get(0).addresses()).extracting(a -> a.getHostAddress())
                .containsExactly("192.0.2.53", "2001:db8:0:0:0:0:0:53");
        assertThat(z.nameServers().get(1).addresses()).isEmpty();
        assertThat(z.soa().negativeTtl()).isEqualTo(30);
        assertThat(z.policy().reservedLabels()).contains("dns1");
    }

    @Test
    void glueForANameServerOutsideTheZoneIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "ns: [{name: ns.other.test, a: 192.0.2.1}]}]\n")).hasMessageStartingWith("zones[0].ns[0]: glue");
    }

    @Test
    void glueOfTheWrongFamilyIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "ns: [{name: ns1.a.test, a: '2001:db8::1'}]}]\n")).hasMessageStartingWith("zones[0].ns[0].a: ");
    }

    @Test
    void rewriteRulesAreRead() throws Exception {
        BeaconConfig c = load(zoneWithKey() + """
                rewrites:
                  - {path: /cgi-bin/ddns.pl, operation: update, token: query:pass, ip: query:addr,
                     replies: {09: OK, 8: NOCHG, 911: WAIT, "*": "ERR {code}"}}
                """);
        var rule = c.rewrites().get(0);
        assertThat(rule.operation()).isEqualTo(dev.beacon.device.Endpoint.UPDATE);
        assertThat(rule.methods()).containsExactlyInAnyOrder("GET", "POST");
        assertThat(rule.replies()).containsEntry("09", "OK").containsEntry("08", "NOCHG").containsEntry("911", "WAIT")
                .containsEntry("*", "ERR {code}");
    }

    @Test
    void rewriteRuleWithoutATokenSourceIsNamedInTheError() {
        assertThatThrownBy(() -> load(zoneWithKey() + "rewrites: [{path: /x, operation: update}]\n"))
                .hasMessageStartingWith("rewrites[0].token: is required");
    }

    @Test
    void rewriteRuleWithAnUnknownReplyCodeIsRefused() {
        assertThatThrownBy(() -> load(zoneWithKey()
                + "rewrites: [{path: /x, operation: ipdetect, replies: {42: nope}}]\n"))
                .hasMessageStartingWith("rewrites[0].replies: '42' is not a reply code");
    }

    @Test
    void rewriteRuleWithABadOperationIsRefused() {
        assertThatThrownBy(() -> load(zoneWithKey() + "rewrites: [{path: /x, operation: cipher, token: basic}]\n"))
                .hasMessageStartingWith("rewrites[0].operation: must be add, update");
    }

    @Test
    void floodLimitsAndDurationsAreRead() throws Exception {
        BeaconConfig c = load("flood: {device: {burst: 3, per-minute: 6}, address: {burst: 9, per-second: 2.5}}\n"
                + "http: {request-timeout: 1500ms, idle-timeout: 2m}\n" + zoneWithKey());
        assertThat(c.flood().device().burst()).isEqualTo(3);
        assertThat(c.flood().device().perSecond()).isEqualTo(0.1);
        assertThat(c.flood().address().perSecond()).isEqualTo(2.5);
        assertThat(c.httpSettings().requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.httpSettings().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void commandLineOptionsOverrideTheirKeys() throws Exception {
        Path file = write("listen: {http: 127.0.0.1:9000}\nzones: [{name: a.test}]\n");
        Path key = dir.resolve("k");
        Files.writeString(key, KEY);
        BeaconConfig c = ConfigLoader.load(file, new Overrides(true, "127.0.0.1:0", null, "127.0.0.1:0", dir,
                "jdbc:postgresql://127.0.0.1/x", "b.test", key, null, null, true));
        assertThat(c.http()).hasToString("127.0.0.1:0");
        assertThat(c.dev()).isTrue();
        assertThat(c.zones().get(0).name()).isEqualTo("b.test");
        assertThat(c.zones().get(0).policy().allowStaticTokens()).isTrue();
        assertThat(c.store().url().text()).isEqualTo("jdbc:postgresql://127.0.0.1/x");
    }

    @Test
    void unknownKeyIsNamedInTheError() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, tll: 5, keys: [{id: 1, secret: '" + KEY + "'}]}]\n"))
                .isInstanceOf(ConfigException.class).hasMessage("zones[0].tll: unknown key (see docs/CONFIG.md)");
    }

    @Test
    void valueOfTheWrongTypeIsNamedInTheError() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, ttl: soon}]\n"))
                .hasMessageStartingWith("zones[0].ttl: must be a whole number");
    }

    @Test
    void aZoneAllowsNameTtlsFromAMinuteToADayUnlessItSaysOtherwise() throws Exception {
        String zone = "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], policy: %s}]\n";

        assertThat(load(zone.formatted("{}")).zones().get(0).policy().ttl()).isEqualTo(new TtlBounds(60, 86_400));
        assertThat(load(zone.formatted("{ttl-min: 10, ttl-max: 600}")).zones().get(0).policy().ttl())
                .isEqualTo(new TtlBounds(10, 600));
        assertThat(load(zone.formatted("{ttl-min: 100000}")).zones().get(0).policy().ttl())
                .as("a floor above the default ceiling raises the ceiling to it").isEqualTo(new TtlBounds(100_000, 100_000));
    }

    @Test
    void txtValuesLastAnHourUnlessTheZoneSaysOtherwise() throws Exception {
        String zone = "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], policy: %s}]\n";

        assertThat(load(zone.formatted("{}")).zones().get(0).policy().txtTtlSeconds()).isEqualTo(3600);
        assertThat(load(zone.formatted("{txt-ttl: 10m}")).zones().get(0).policy().txtTtlSeconds()).isEqualTo(600);
        assertThat(load(zone.formatted("{txt-ttl: 0}")).zones().get(0).policy().txtTtlSeconds()).as("for ever").isZero();
        assertThatThrownBy(() -> load(zone.formatted("{txt-ttl: 500ms}"))).hasMessageStartingWith("zones[0].policy.txt-ttl: ");
    }

    @Test
    void ttlBoundsTheWrongWayRoundAreNamedInTheError() {
        String zone = "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], policy: %s}]\n";

        assertThatThrownBy(() -> load(zone.formatted("{ttl-min: 600, ttl-max: 300}")))
                .hasMessage("zones[0].policy.ttl-min: is greater than ttl-max (300)");
        assertThatThrownBy(() -> load(zone.formatted("{ttl-max: 700000}")))
                .hasMessageStartingWith("zones[0].policy.ttl-max: ");
        assertThatThrownBy(() -> load(zone.formatted("{ttl-min: 0}")))
                .hasMessageStartingWith("zones[0].policy.ttl-min: ");
    }

    @Test
    void aCustomFieldMayNotTakeTheNameOfAProtocolParameter() {
        for (String name : new String[] {"ttl", "ipv6iid", "myipv6prefix", "ipv6prefix"}) {
            assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], fields: [{name: "
                    + name + "}]}]\n")).as(name).hasMessageContaining("field name '" + name + "' is a protocol parameter");
        }
    }

    @Test
    void badListenAddressIsNamedInTheError() {
        assertThatThrownBy(() -> load("listen: {http: 'localhost:80'}\n" + zoneWithKey()))
                .hasMessageStartingWith("listen.http: ");
    }

    @Test
    void missingKeyFileIsNamedInTheError() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, file: nope.key}]}]\n"))
                .hasMessageStartingWith("zones[0].keys[0].file: key file ").hasMessageContaining("does not exist");
    }

    @Test
    void keyIdUsedByTwoZonesIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}]}, "
                + "{name: b.test, keys: [{id: 1, secret: '" + KEY + "'}]}]\n"))
                .hasMessageContaining("key id 1 is already used");
    }

    @Test
    void zoneOptionIsRefusedForAMultiZoneConfig() throws IOException {
        Path file = write("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}]}, "
                + "{name: b.test, keys: [{id: 2, secret: '" + KEY + "'}]}]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, new Overrides(null, null, null, null, null, null, "c.test",
                null, null, null, false))).hasMessageStartingWith("--zone: ");
    }

    @Test
    void httpsWithoutCertificateIsRefused() {
        assertThatThrownBy(() -> load("listen: {https: 127.0.0.1:8443}\n" + zoneWithKey()))
                .hasMessageStartingWith("listen.https: needs tls.cert");
    }

    @Test
    void offAndFalseBothTurnAListenerOff() throws Exception {
        BeaconConfig c = load("listen: {https: off, dns: false}\n" + zoneWithKey());
        assertThat(c.https()).isNull();
        assertThat(c.dns()).isNull();
        assertThat(c.http()).hasToString("127.0.0.1:8080");
    }

    @Test
    void yesAndNoAreTextNotBooleans() {
        assertThatThrownBy(() -> load("dev: yes\n" + zoneWithKey())).hasMessage("dev: must be true or false, not 'yes'");
    }

    @Test
    void tlsFilesAreNotReadWhileHttpsIsOff() throws Exception {
        BeaconConfig c = load("listen: {https: off}\ntls: {cert: /nonexistent/cert.pem, key: /nonexistent/key.pem}\n"
                + zoneWithKey());
        assertThat(c.tls()).isNull();
    }

    @Test
    void loggingLevelFormatAndRefusalRateAreRead() throws Exception {
        BeaconConfig c = load("logging: {level: debug, format: json, refusal-lines-per-minute: 5}\n" + zoneWithKey());
        assertThat(c.logging()).isEqualTo(new BeaconConfig.Logging("DEBUG", true, 5));
        assertThat(load(zoneWithKey()).logging()).isEqualTo(BeaconConfig.Logging.defaults());
    }

    @Test
    void unknownLoggingFormatIsNamed() {
        assertThatThrownBy(() -> load("logging: {format: xml}\n" + zoneWithKey()))
                .hasMessage("logging.format: must be text or json, not 'xml'");
    }

    @Test
    void aReplicaOnSqliteIsRefused() {
        assertThatThrownBy(() -> load("storage: {role: replica}\n" + zoneWithKey()))
                .hasMessageStartingWith("storage.role: a replica follows a PostgreSQL database");
    }

    @Test
    void anUnknownStorageRoleIsNamed() {
        assertThatThrownBy(() -> load("storage: {role: secondary}\n" + zoneWithKey()))
                .hasMessage("storage.role: must be primary or replica, not 'secondary'");
    }

    @Test
    void commitTimeoutIsRead() throws Exception {
        assertThat(load("storage: {commit-timeout: 2s}\n" + zoneWithKey()).registry().commitTimeout())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidYamlIsReportedOnOneLine() {
        assertThatThrownBy(() -> load("zones: [\n")).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void badZoneNameIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: 'bad_zone!', keys: [{id: 1, secret: '" + KEY + "'}]}]\n"))
                .hasMessageStartingWith("zones[0].name: ");
    }

    @Test
    void badFieldTypeIsNamedInTheError() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "fields: [{name: port, type: float}]}]\n")).hasMessageStartingWith("zones[0].fields[0].type: ");
    }

    @Test
    void tsigKeysTransferRulesAndNotifyTargetsAreRead() throws Exception {
        BeaconConfig c = load("""
                tsig-keys:
                  - {name: xfr-key., algorithm: hmac-sha512, secret: '%1$s'}
                zones:
                  - name: a.test
                    keys: [{id: 1, secret: '%1$s'}]
                    allow-transfer: [{key: XFR-KEY, from: 192.0.2.0/24}, {from: 127.0.0.1/32}]
                    notify: ['192.0.2.53:53', {address: '[2001:db8::53]:5353', key: xfr-key}]
                """.formatted(KEY));
        dev.beacon.tsig.TsigKey key = c.tsigKeys().find("xfr-key");
        assertThat(key.algorithm()).isEqualTo(dev.beacon.tsig.TsigAlgorithm.HMAC_SHA512);
        dev.beacon.zone.ZoneTransfer t = c.zones().get(0).transfer();
        assertThat(t.admits(key, ip("192.0.2.9"))).isTrue();
        assertThat(t.admits(null, ip("192.0.2.9"))).isFalse();
        assertThat(t.admits(null, ip("127.0.0.1"))).isTrue();
        assertThat(t.notifyTo()).extracting(n -> n.address().getPort()).containsExactly(53, 5353);
        assertThat(t.notifyTo().get(1).key()).isEqualTo(key);
    }

    @Test
    void aZoneWithoutTransferRulesLetsNobodyTransferIt() throws Exception {
        assertThat(load(zoneWithKey()).zones().get(0).transfer().admits(null, ip("127.0.0.1"))).isFalse();
    }

    @Test
    void aTransferRuleNamingAnUnknownKeyIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "allow-transfer: [{key: nobody}]}]\n"))
                .hasMessage("zones[0].allow-transfer[0].key: no TSIG key named 'nobody' in tsig-keys");
    }

    @Test
    void aTsigKeyWithAnUnknownAlgorithmIsRefused() {
        assertThatThrownBy(() -> load("tsig-keys: [{name: k, algorithm: hmac-md5, secret: '" + KEY + "'}]\n"
                + zoneWithKey())).hasMessageContaining("hmac-md5").hasMessageStartingWith("tsig-keys[0].name: ");
    }

    @Test
    void aShortTsigSecretIsRefused() {
        assertThatThrownBy(() -> load("tsig-keys: [{name: k, secret: 'c2hvcnQ='}]\n" + zoneWithKey()))
                .hasMessageStartingWith("tsig-keys[0].secret: is shorter than 16 bytes");
    }

    @Test
    void aNotifyTargetWithoutAPortIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "notify: ['192.0.2.53']}]\n")).hasMessageStartingWith("zones[0].notify[0]: ");
    }

    @Test
    void aTransferRuleWithNeitherKeyNorPrefixIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "allow-transfer: [{}]}]\n")).hasMessageStartingWith("zones[0].allow-transfer[0].key: ");
    }

    private String zoneWithGrants(String grants) {
        return "tsig-keys: [{name: cam1-key, secret: '" + KEY + "'}]\n"
                + "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], allow-update: [" + grants + "]}]\n";
    }

    @Test
    void anUpdateGrantGivesItsKeyTheTypesAtTheNameAndNoMore() throws Exception {
        BeaconConfig c = load(zoneWithGrants("{key: cam1-key, name: cam1, types: [A, aaaa]},"
                + " {key: cam1-key, name: _acme-challenge.cam1.a.test., types: [TXT]}"));
        dev.beacon.tsig.TsigKey key = c.tsigKeys().find("cam1-key");
        dev.beacon.zone.ZoneUpdates u = c.zones().get(0).updates();

        assertThat(u.typesFor(key, java.util.List.of("cam1"))).containsExactlyInAnyOrder(
                dev.beacon.zone.UpdatableType.A, dev.beacon.zone.UpdatableType.AAAA);
        assertThat(u.typesFor(key, java.util.List.of("_acme-challenge", "cam1")))
                .as("a name given fully qualified is taken relative to the apex")
                .containsExactly(dev.beacon.zone.UpdatableType.TXT);
        assertThat(u.typesFor(key, java.util.List.of("cam2"))).isEmpty();
    }

    @Test
    void aStarInAnUpdateGrantStandsForAnyOneLabel() throws Exception {
        BeaconConfig c = load(zoneWithGrants("{key: cam1-key, name: '_acme-challenge.*', types: [TXT]}"));
        dev.beacon.zone.ZoneUpdates u = c.zones().get(0).updates();
        dev.beacon.tsig.TsigKey key = c.tsigKeys().find("cam1-key");

        assertThat(u.typesFor(key, java.util.List.of("_acme-challenge", "any1"))).hasSize(1);
        assertThat(u.typesFor(key, java.util.List.of("any1"))).isEmpty();
    }

    @Test
    void aZoneWithoutUpdateGrantsTakesUpdatesFromNoKey() throws Exception {
        assertThat(load(zoneWithKey()).zones().get(0).updates().grants()).isEmpty();
    }

    @Test
    void anUpdateGrantsMistakesAreNamedInTheError() {
        assertThatThrownBy(() -> load(zoneWithGrants("{key: nobody, name: cam1, types: [A]}")))
                .hasMessage("zones[0].allow-update[0].key: no TSIG key named 'nobody' in tsig-keys");
        assertThatThrownBy(() -> load(zoneWithGrants("{name: cam1, types: [A]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].key: is required");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, types: [A]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].name: is required");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: 'cam 1', types: [A]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].name: 'cam 1' is not a name under a.test");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: a.test, types: [A]}")))
                .as("the apex's records are the configuration's").hasMessageStartingWith("zones[0].allow-update[0].name: ");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: cam1, types: []}")))
                .hasMessageStartingWith("zones[0].allow-update[0].types: list the types");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: cam1, types: [NS]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].types: 'NS': updates change A, AAAA");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: cam1, types: [SRV]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].types: SRV records do not live at cam1");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: _acme-challenge.cam1, types: [A]}")))
                .hasMessageStartingWith("zones[0].allow-update[0].types: A records do not live at _acme-challenge.cam1");
        assertThatThrownBy(() -> load(zoneWithGrants("{key: cam1-key, name: cam1, types: [A], ttl: 60}")))
                .hasMessageContaining("ttl");
    }

    private String zoneWithHook(String hook) {
        return "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], webhooks: [" + hook + "]}]\n";
    }

    @Test
    void aWebhookGetsEveryEventUnlessItListsSome() throws Exception {
        BeaconConfig c = load(zoneWithHook("{url: 'https://hooks.example/b', secret: '0123456789abcdef'},"
                + " {url: 'http://127.0.0.1:9000/x', secret: '0123456789abcdef', events: [name-released]}"));
        assertThat(c.webhooks()).hasSize(2);
        assertThat(c.webhooks().get(0).zone()).isEqualTo("a.test");
        assertThat(c.webhooks().get(0).events()).hasSize(3);
        assertThat(c.webhooks().get(1).events()).containsExactly(dev.beacon.webhook.WebhookEvent.NAME_RELEASED);
    }

    @Test
    void aTrustedProxyIsAPrefixOrAPrefixWithTheHeaderItWrites() throws Exception {
        BeaconConfig c = load("trusted-proxies: [10.0.0.0/8, {from: 192.0.2.10, header: Forwarded}]\n");
        assertThat(c.trustedProxies()).extracting(dev.beacon.http.TrustedProxy::header).containsExactly(
                dev.beacon.http.TrustedProxy.Header.X_FORWARDED_FOR, dev.beacon.http.TrustedProxy.Header.FORWARDED);
    }

    @Test
    void aTrustedProxyHeaderOtherThanForwardedOrXForwardedForIsRefused() {
        assertThatThrownBy(() -> load("trusted-proxies: [{from: 10.0.0.0/8, header: x-real-ip}]\n"))
                .hasMessageStartingWith("trusted-proxies[0].header: 'x-real-ip': use forwarded or x-forwarded-for");
        assertThatThrownBy(() -> load("trusted-proxies: [{header: forwarded}]\n"))
                .hasMessageStartingWith("trusted-proxies[0].from: is required");
    }

    @Test
    void mastersAndTokenVersionsAreRead() throws Exception {
        BeaconConfig c = load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], masters: [{id: 4, secret: '"
                + KEY + "'}], policy: {token-versions: [2]}}]\n");
        assertThat(c.zones().get(0).masters()).extracting(dev.beacon.token.TokenKey::id).containsExactly(4);
        assertThat(c.zones().get(0).policy().tokenVersions()).containsExactly(2);
    }

    @Test
    void onlyVersion2WithoutAMasterOrAnUnknownVersionIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "policy: {token-versions: [2]}}]\n")).hasMessageStartingWith("zones[0].policy.token-versions: only version 2 needs masters");
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "policy: {token-versions: [3]}}]\n")).hasMessageStartingWith("zones[0].policy.token-versions: '3'");
    }

    @Test
    void h7ALabelLeadingToAnotherZoneOrToAnyZonesNameServerIsReserved() throws Exception {
        BeaconConfig c = load("zones:\n"
                + "  - {name: ddns.test, keys: [{id: 1, secret: '" + KEY + "'}]}\n"
                + "  - {name: cams.ddns.test, keys: [{id: 2, secret: '" + KEY + "'}], ns: [dns.ddns.test, ns.other.example]}\n");
        ZonePolicy parent = c.zones().get(0).policy();
        assertThat(parent.reserves("cams")).isTrue();
        assertThat(parent.reserves("dns")).isTrue();
        assertThat(parent.reserves("cam1")).isFalse();
    }

    @Test
    void aReservedPatternWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> load("zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}], "
                + "policy: {reserved-patterns: ['pay.pal']}}]\n"))
                .hasMessageStartingWith("zones[0].policy.reserved-patterns: 'pay.pal'");
    }

    @Test
    void f9AWebhookUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> load(zoneWithHook("{url: 'ftp://hooks.example/b', secret: '0123456789abcdef'}")))
                .hasMessageStartingWith("zones[0].webhooks[0].url: must be an http:// or https:// URL");
        assertThatThrownBy(() -> load(zoneWithHook("{url: 'https://user:pw@hooks.example/', secret: '0123456789abcdef'}")))
                .hasMessageStartingWith("zones[0].webhooks[0].url: ");
    }

    @Test
    void f9AWebhookWithAShortSecretIsRefused() {
        assertThatThrownBy(() -> load(zoneWithHook("{url: 'https://hooks.example/b', secret: 'short'}")))
                .hasMessageStartingWith("zones[0].webhooks[0].secret: is required, at least 16 characters");
    }

    @Test
    void f9AWebhookEventThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> load(zoneWithHook("{url: 'https://hooks.example/b', secret: '0123456789abcdef',"
                + " events: [address-change]}")))
                .hasMessageStartingWith("zones[0].webhooks[0].events: 'address-change' is not an event");
    }

    @Test
    void anHttpsAdminListenerWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> load("listen: {admin-tls: true}\n" + zoneWithKey()))
                .hasMessage("listen.admin-tls: needs tls.cert and tls.key (--tls-cert, --tls-key)");
    }

    private static java.net.InetAddress ip(String text) {
        return dev.beacon.ip.IpLiteral.parse(text);
    }

    private String zoneWithKey() {
        return "zones: [{name: a.test, keys: [{id: 1, secret: '" + KEY + "'}]}]\n";
    }

    private BeaconConfig load(String yaml) throws Exception {
        return ConfigLoader.load(write(yaml), overrides(dir.resolve("data")));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("beacon.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Overrides overrides(Path data) {
        return new Overrides(null, null, null, null, data, null, null, null, null, null, false);
    }
}
