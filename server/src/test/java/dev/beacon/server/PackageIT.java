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
                "SystemCallFilter=@system-service");
        assertThat(unit).containsPattern("(?m)^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");
    }

    @Test
    void theCommandRunsTheJarItInstalls() throws Exception {
        String script = Files.readString(root.resolve("usr/bin/beacon"));
        assertThat(script).startsWith("#!/bin/sh").contains("-jar /usr/share/beacon/beacon.jar \"$@\"");
    }
}
