package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.KeyFile;
import dev.beacon.config.Overrides;
import dev.beacon.token.DeviceId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} does with a data directory that is not as it left it. */
class StartupSafetyIT {

    @TempDir
    Path dir;

    @Test
    void firstStartOnAnEmptyDatabaseWritesTheZoneKey() throws Exception {
        try (BeaconServer server = BeaconServer.start(embedded(), Clock.systemUTC())) {
            assertThat(server.config().newKeyFiles()).hasSize(1);
            assertThat(dir.resolve("data/device.key")).exists();
            assertThat(KeyFile.read(1, dir.resolve("data/device.key")).id()).isEqualTo(1);
        }
    }

    @Test
    void missingKeyFileBesideNamesInTheDatabaseStopsStartUpAndMakesNoNewKey() throws Exception {
        try (BeaconServer server = BeaconServer.start(embedded(), Clock.systemUTC())) {
            assertThat(add(server, "E0:46:9A:00:00:01", "cam1")).isEqualTo("10|cam1.ddns.test");
        }
        Path key = dir.resolve("data/device.key");
        Files.delete(key);
        assertThatThrownBy(() -> BeaconServer.start(embedded(), Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining("is missing")
                .hasMessageContaining("1 names").hasMessageContaining("restore");
        assertThat(key).doesNotExist();
    }

    @Test
    void aTokenThatChangedStateBeforeARestartIsRefusedAfterIt() throws Exception {
        String token;
        try (BeaconServer server = BeaconServer.start(embedded(), Clock.systemUTC())) {
            add(server, "E0:46:9A:00:00:07", "cam7");
            token = server.codec().mint(server.config().zones().get(0).keys().get(0), DeviceId.parse("E0:46:9A:00:00:07"),
                    System.currentTimeMillis() / 1000);
            assertThat(get(server, "/update.aspx?mac=" + token + "&myip=198.51.100.77")).isEqualTo("09");
        }
        try (BeaconServer restarted = BeaconServer.start(embedded(), Clock.systemUTC())) {
            assertThat(get(restarted, "/update.aspx?mac=" + token + "&myip=198.51.100.78")).isEqualTo("02");
        }
    }

    @Test
    void sqliteFileThatIsNotBeaconsIsRefusedAndLeftAsItWas() throws Exception {
        Path foreign = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        }
        BeaconConfig config = ConfigLoader.load(null, new Overrides(null, "127.0.0.1:0", null, "off", dir.resolve("data"),
                "jdbc:sqlite:" + foreign, null, null, null, null, false).withAdmin("off"));
        assertThatThrownBy(() -> BeaconServer.start(config, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("is not a Beacon database").hasMessageContaining("users");
        assertThat(tables(foreign)).containsExactly("users");
    }

    private BeaconConfig embedded() throws Exception {
        return ConfigLoader.load(null, new Overrides(null, "127.0.0.1:0", null, "off", dir.resolve("data"), null, null,
                null, null, null, false).withAdmin("off"));
    }

    private static String get(BeaconServer server, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + pathAndQuery);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String add(BeaconServer server, String device, String name) throws Exception {
        String token = server.codec().mint(server.config().zones().get(0).keys().get(0), DeviceId.parse(device),
                System.currentTimeMillis() / 1000);
        URI uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/add.aspx?mac=" + token + "&dm=" + name);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static List<String> tables(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

}
