package dev.beacon.server;

import static dev.beacon.testing.Tool.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package the build made, read with dpkg-deb: what it depends on, what it installs
 * where with which modes, which file is a conffile, and that its config and unit are usable as
 * shipped. .ci/package-check installs and runs it.
 */
class PackageIT {

    @TempDir
    static Path dir;
    static Path deb;
    static Path root;

    @BeforeAll
    static void extract() throws Exception {
        try (var files = Files.list(dev.beacon.testing.BeaconProcess.jar().getParent())) {
            deb = files.filter(p -> p.getFileName().toString().matches("beacon_.*_all\\.deb")).findFirst().orElseThrow();
        }
        root = dir.resolve("root");
        run("dpkg-deb", "-x", deb.toString(), root.toString());
    }


    @Test
    void itDependsOnAJavaRuntimeOf17OrNewer() throws Exception {
        assertThat(run("dpkg-deb", "-f", deb.toString(), "Depends"))
                .contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless | java21-runtime-headless");
        assertThat(run("dpkg-deb", "-f", deb.toString(), "Package", "Architecture")).contains("Package: beacon",
                "Architecture: all");
    }

    @Test
    void itInstallsTheCommandTheJarTheConfigAsAConffileTheUnitAndTheStateDirectory() throws Exception {
        String contents = run("dpkg-deb", "-c", deb.toString());
        assertThat(contents).containsPattern("-rwxr-xr-x root/root +\\d+ .* \\./usr/bin/beacon\\n")
                .containsPattern("-rw-r--r-- root/root +\\d+ .* \\./usr/share/beacon/beacon\\.jar\\n")
                .containsPattern("-rw-r----- root/root +\\d+ .* \\./etc/beacon/beacon\\.yaml\\n")
                .containsPattern("-rw-r--r-- root/root +\\d+ .* \\./lib/systemd/system/beacon\\.service\\n")
                .containsPattern("drwxr-x--- root/root +0 .* \\./var/lib/beacon/\\n")
                .contains("./usr/share/doc/beacon/copyright", "./usr/share/doc/beacon/OPERATIONS.md");
        Path control = dir.resolve("control");
        run("dpkg-deb", "-e", deb.toString(), control.toString());
        assertThat(Files.readString(control.resolve("conffiles")).strip()).isEqualTo("/etc/beacon/beacon.yaml");
        assertThat(Files.readString(control.resolve("postinst"))).contains("adduser --system --group --home /var/lib/beacon");
    }

    @Test
    void theShippedConfigLoadsAndKeepsItsDataInVarLibBeacon() throws Exception {
        BeaconConfig config = ConfigLoader.load(root.resolve("etc/beacon/beacon.yaml"),
                new Overrides(null, null, null, null, null, null, null, null, null, null, false));
        assertThat(config.dev()).isFalse();
        assertThat(config.store().url().text()).isEqualTo("jdbc:sqlite:/var/lib/beacon/beacon.db");
        assertThat(config.dns()).hasToString("0.0.0.0:53");
        assertThat(config.admin()).hasToString("127.0.0.1:8081");
    }

    @Test
    void theUnitRunsAsTheUserWithPort53AndTheHardeningAndTheRightExitStatus() throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/beacon.service"));
        assertThat(unit.lines()).contains("Type=notify", "ExecStart=/usr/bin/beacon serve --config /etc/beacon/beacon.yaml",
                "ExecReload=/bin/kill -HUP $MAINPID", "User=beacon", "StateDirectory=beacon", "WorkingDirectory=/var/lib/beacon",
                "AmbientCapabilities=CAP_NET_BIND_SERVICE", "SuccessExitStatus=143", "Restart=on-failure",
                "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "PrivateTmp=yes",
                "SystemCallFilter=@system-service", "Environment=BEACON_CDS_ARCHIVE=/var/lib/beacon/beacon-serve.jsa",
                "Environment=\"BEACON_JAVA_OPTS=-Xmx1g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                        + " -XX:G1PeriodicGCInterval=60000\"");
        assertThat(unit).containsPattern("(?m)^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");
    }

    @Test
    void theCommandRunsTheJarItInstalls() throws Exception {
        String script = Files.readString(root.resolve("usr/bin/beacon"));
        assertThat(script).startsWith("#!/bin/sh").contains("/../share/beacon/beacon.jar\"")
                .contains("-jar \"$jar\" \"$@\"");
        assertThat(run(root.resolve("usr/bin/beacon").toString(), "--version")).startsWith("beacon ");
    }

    @Test
    void serveWritesAClassDataArchiveAtItsFirstCleanStopAndMapsItFromTheNextStart() throws Exception {
        Path config = site("cds");
        Path site = config.getParent();
        Path archive = site.resolve("beacon-serve.jsa");

        Process first = serve(config, archive);
        first.toHandle().destroy();
        assertThat(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(archive).isRegularFile();

        Process second = serve(config, archive);
        try {
            assertThat(Files.readString(Path.of("/proc", Long.toString(second.pid()), "maps"))).contains(archive.toString());
        } finally {
            second.toHandle().destroy();
            second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void theArchiveIsMadeAgainWhenTheJarIsNewerThanIt() throws Exception {
        Path config = site("stale");
        Path site = config.getParent();
        Path archive = Files.writeString(site.resolve("beacon-serve.jsa"), "an archive of an older jar");
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(0));

        Process p = serve(config, archive);
        assertThat(Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"))).doesNotContain(archive.toString());
        p.toHandle().destroy();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(Files.getLastModifiedTime(archive))
                .isGreaterThan(Files.getLastModifiedTime(root.resolve("usr/share/beacon/beacon.jar")));
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    }

    @Test
    void theArchiveIsMadeAgainWhenTheJvmIsNewerThanIt() throws Exception {
        Path config = site("newjvm");
        Path site = config.getParent();
        // A JVM installed after the archive was made: a java newer than it, as an upgrade leaves.
        Path javaHome = Files.createDirectories(site.resolve("jdk/bin")).getParent();
        String realJava = ProcessHandle.current().info().command().orElseThrow();
        Path jvm = Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\nexec '" + realJava + "' \"$@\"\n");
        jvm.toFile().setExecutable(true);
        Path archive = Files.writeString(site.resolve("beacon-serve.jsa"), "an archive of an older JVM");
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(root.resolve("usr/share/beacon/beacon.jar")).toMillis() + 1000));

        Process p = serve(config, archive, java.util.Map.of("JAVA_HOME", javaHome.toString()));
        assertThat(Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"))).doesNotContain(archive.toString());
        p.toHandle().destroy();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jvm));
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    }

    @Test
    void anArchiveTheJvmCannotUseIsIgnored() throws Exception {
        Path config = site("broken");
        Path site = config.getParent();
        Path archive = Files.writeString(site.resolve("beacon-serve.jsa"), "not a class-data archive");

        Process p = serve(config, archive);
        try {
            assertThat(Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"))).doesNotContain(archive.toString());
        } finally {
            p.toHandle().destroy();
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A directory of its own with a test server's config in it; returns the config. */
    private static Path site(String name) throws Exception {
        Path config = Files.createDirectories(dir.resolve(name)).resolve("beacon.yaml");
        Files.writeString(config, dev.beacon.testing.TestServer.in(config.getParent()).yaml());
        return config;
    }

    /** The installed command's {@code serve}, once it says it is ready (the shell execs java: one process). */
    private static Process serve(Path config, Path archive) throws Exception {
        return serve(config, archive, java.util.Map.of());
    }

    private static Process serve(Path config, Path archive, java.util.Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("usr/bin/beacon").toString(), "serve", "--config",
                config.toString(), "--admin", "127.0.0.1:0").redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("BEACON_CDS_ARCHIVE", archive.toString());
        Process p = builder.start();
        var ready = new java.util.concurrent.CompletableFuture<Void>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("is ready")) {
                        ready.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                // The process ended; the wait below reports it.
            }
            ready.completeExceptionally(new AssertionError("beacon serve ended before it was ready"));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        return p;
    }
}
