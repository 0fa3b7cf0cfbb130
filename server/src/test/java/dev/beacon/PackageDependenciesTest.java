package dev.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward, by an explicit table: transports (http, dialect, dns, cli) and wiring
 * (server, config) use the domain (device, registry, auth, zone, record), the domain uses ports
 * (store), and only the packages named for them touch Netty, JDBC, Logback or YAML. Every
 * reference counts, imports and fully-qualified names alike.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/beacon");

    /** Each package and the other Beacon packages it may use ("token" and "client" are the client library's). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("admin", Set.of("auth", "device", "dialect", "dns", "fleet", "ip", "record", "registry", "store",
                    "token", "transfer", "webhook", "zone")),
            Map.entry("auth", Set.of("token", "zone")),
            Map.entry("bulk", Set.of("ip", "record", "registry", "store", "token", "zone")),
            Map.entry("checkpoint", Set.of("record", "registry", "store", "token", "zone")),
            Map.entry("cli", Set.of("admin", "bulk", "checkpoint", "client", "config", "logging", "record", "registry", "server", "store",
                    "token", "transfer", "zone")),
            Map.entry("console", Set.of("admin", "device", "dialect", "store")),
            Map.entry("config", Set.of("device", "dialect", "dns", "flood", "http", "ip", "record", "registry", "store",
                    "token", "tsig", "webhook", "zone")),
            Map.entry("device", Set.of("auth", "fleet", "flood", "ip", "logging", "record", "registry", "token", "zone")),
            Map.entry("dialect", Set.of("device", "ip", "record")),
            Map.entry("dns", Set.of("io", "ip", "logging", "record", "registry", "tsig", "zone")),
            Map.entry("fleet", Set.of()),
            Map.entry("flood", Set.of("token")),
            Map.entry("http", Set.of("device", "dialect", "io", "ip", "logging")),
            Map.entry("io", Set.of()),
            Map.entry("ip", Set.of()),
            Map.entry("logging", Set.of()),
            Map.entry("record", Set.of("ip", "token")),
            Map.entry("registry", Set.of("record", "store", "token", "zone")),
            Map.entry("server", Set.of("admin", "auth", "checkpoint", "config", "console", "device", "dialect", "dns", "fleet", "flood", "http", "io",
                    "logging", "record", "registry", "store", "token", "transfer", "update", "webhook", "zone")),
            Map.entry("store", Set.of("ip", "record", "token")),
            Map.entry("transfer", Set.of("dns", "ip", "logging", "record", "registry", "store", "tsig", "zone")),
            Map.entry("tsig", Set.of()),
            Map.entry("update", Set.of("auth", "dns", "ip", "logging", "record", "registry", "token", "tsig", "zone")),
            Map.entry("webhook", Set.of("record", "store")),
            Map.entry("zone", Set.of("ip", "record", "token", "tsig")));

    /** Libraries that belong to one layer, and the packages allowed to use them. */
    private static final Map<String, Set<String>> LIBRARIES = Map.ofEntries(
            Map.entry("io.netty", Set.of("dns", "http", "io", "server", "transfer", "tsig")),
            Map.entry("java.sql", Set.of("store")),
            Map.entry("com.zaxxer", Set.of("store")),
            Map.entry("org.sqlite", Set.of("store")),
            Map.entry("org.postgresql", Set.of("store")),
            Map.entry("org.snakeyaml", Set.of("config")),
            Map.entry("picocli", Set.of("cli")),
            Map.entry("ch.qos.logback", Set.of("logging")),
            Map.entry("io.micrometer", Set.of("admin")),
            Map.entry("com.fasterxml.jackson", Set.of("admin", "cli", "console", "dialect", "webhook")),
            Map.entry("gg.jte", Set.of("console")));

    private static final Pattern BEACON_REFERENCE = Pattern.compile("\\bdev\\.beacon\\.([a-z]+)\\b");

    @Test
    void everyPackageHasAnEntryInTheTableAndAPackageInfo() throws IOException {
        assertThat(packages()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        for (String p : packages()) {
            assertThat(SOURCES.resolve(p).resolve("package-info.java")).as(p).exists();
        }
    }

    @Test
    void packagesUseOnlyTheBeaconPackagesTheTableAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String p : packages()) {
            for (Path file : javaFiles(p)) {
                Matcher m = BEACON_REFERENCE.matcher(code(file));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(p) && !ALLOWED.get(p).contains(used)) {
                        violations.add(SOURCES.relativize(file) + " uses dev.beacon." + used);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void librariesOfOneLayerAreUsedOnlyThere() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String p : packages()) {
            for (Path file : javaFiles(p)) {
                String code = code(file);
                LIBRARIES.forEach((library, owners) -> {
                    if (!owners.contains(p) && Pattern.compile("\\b" + Pattern.quote(library) + "\\.").matcher(code).find()) {
                        violations.add(SOURCES.relativize(file) + " uses " + library);
                    }
                });
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void aFullyQualifiedReferenceCountsLikeAnImport() {
        String inline = "class X { void f() { var r = new dev.beacon.store.JdbcStore(); java.sql.Connection c; } }";
        assertThat(BEACON_REFERENCE.matcher(inline).results().map(r -> r.group(1))).containsExactly("store");
        assertThat(Pattern.compile("\\bjava\\.sql\\.").matcher(inline).find()).isTrue();
    }

    /** The file without its package line (which names its own package). */
    private static String code(Path file) throws IOException {
        return Files.readString(file).replaceFirst("(?m)^package [^;]+;", "");
    }

    private static Set<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<Path> javaFiles(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
