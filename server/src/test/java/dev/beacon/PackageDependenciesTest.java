package dev.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: transports (http, cli, server wiring) use the domain (registry,
 * auth, zone, record, api), the domain uses ports (store), and the domain knows no Netty, JDBC or
 * HTTP. Checked on the import lines of the sources.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/beacon");

    /** Package, and the import prefixes its files must not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("record", List.of("io.netty", "java.sql", "com.zaxxer", "org.sqlite", "dev.beacon.http", "dev.beacon.store",
                    "dev.beacon.registry", "dev.beacon.api")),
            Map.entry("zone", List.of("io.netty", "java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.registry",
                    "dev.beacon.api")),
            Map.entry("auth", List.of("io.netty", "java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.registry",
                    "dev.beacon.api")),
            Map.entry("registry", List.of("io.netty", "java.sql", "com.zaxxer", "org.sqlite", "dev.beacon.http", "dev.beacon.api",
                    "dev.beacon.server", "dev.beacon.cli")),
            Map.entry("api", List.of("io.netty", "java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.server",
                    "dev.beacon.cli")),
            Map.entry("store", List.of("io.netty", "dev.beacon.http", "dev.beacon.registry", "dev.beacon.api", "dev.beacon.server")),
            Map.entry("flood", List.of("io.netty", "java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.registry")),
            Map.entry("http", List.of("java.sql", "dev.beacon.store", "dev.beacon.registry", "dev.beacon.server", "dev.beacon.cli")),
            Map.entry("compat", List.of("io.netty", "java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.registry",
                    "dev.beacon.server", "dev.beacon.cli")),
            Map.entry("dns", List.of("java.sql", "dev.beacon.http", "dev.beacon.store", "dev.beacon.api", "dev.beacon.compat",
                    "dev.beacon.server", "dev.beacon.cli")));

    @Test
    void domainAndPortsDoNotDependOnTransportsOrInfrastructure() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(rule.getKey()))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("import ")) {
                            String imported = line.substring(7).replace("static ", "");
                            for (String prefix : rule.getValue()) {
                                if (imported.startsWith(prefix)) {
                                    violations.add(SOURCES.relativize(file) + " imports " + imported);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
