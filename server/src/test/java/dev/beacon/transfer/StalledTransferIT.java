package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.LogCapture;
import dev.beacon.testing.TestServer;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A transfer to a client that stops reading is closed after the idle timeout, like an idle
 * connection, instead of holding its connection and the zone snapshot it reads for ever.
 */
class StalledTransferIT {

    @TempDir
    Path dir;

    @Test
    void d11ATransferTheClientStopsReadingIsClosedAfterTheIdleTimeout() throws Exception {
        TestServer.Builder builder = TestServer.in(dir)
                .extra("dns: {tcp-idle-timeout: 1s}\n"
                        + "tsig-keys: [{name: xfr-key, algorithm: hmac-sha256, secret: '" + TransferIT.SECRET + "'}]")
                .zone("allow-transfer: [{key: xfr-key, from: 127.0.0.1/32}]");
        // 200,000 names, about 9 MB of transfer: more than the kernel buffers on both ends hold
        // (loopback lets the sender's grow to 4 MB).
        StringBuilder csv = new StringBuilder("device_id,name,ipv4,ipv6\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append("SN-").append(i).append(",stalled-transfer-name-").append(i).append(",10.0.")
                    .append(i >> 8 & 255).append('.').append(i & 255).append(",\n");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("devices.csv"), csv);
        Files.writeString(dir.resolve("beacon.yaml"), builder.yaml());
        BeaconCommand.Run imported = BeaconCommand.run(dir, "import", "--config", dir.resolve("beacon.yaml").toString(),
                "--data", dir.resolve("data").toString(), "--zone", "ddns.test", dir.resolve("devices.csv").toString());
        assertThat(imported.status()).as(imported.err()).isZero();

        try (TestServer beacon = builder.start(); Socket socket = new Socket();
                LogCapture transfers = LogCapture.of(Transfers.class)) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), beacon.dnsPort()));
            Message query = Message.newQuery(Record.newRecord(Name.fromConstantString("ddns.test."), Type.AXFR, DClass.IN));
            TransferIT.key(TransferIT.SECRET).apply(query, null);
            byte[] bytes = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(bytes.length);
            out.write(bytes);
            out.flush();
            // Read nothing: the transfer stalls on our full window, and the server lets it go.
            transfers.await("a transfer answer was cut short");
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            long received = 0;
            byte[] buffer = new byte[65_536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
            // The connection ended with what was buffered when it stalled, not the whole zone.
            assertThat(received).isPositive().isLessThan(6_000_000);
        }
    }
}
