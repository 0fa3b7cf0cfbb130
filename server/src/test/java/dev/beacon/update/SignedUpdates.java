package dev.beacon.update;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** Signed updates built with dnsjava, so a test holds their exact bytes, and sent over a real UDP socket. */
final class SignedUpdates {

    private SignedUpdates() {
    }

    /** An update replacing cam1's address, signed with cam1's key, as a client sends it. */
    static byte[] settingCam1To(String address) throws Exception {
        return settingCam1To(address, java.time.Clock.systemUTC());
    }

    /** The same, signed at the time this clock tells. */
    static byte[] settingCam1To(String address, java.time.Clock clock) throws Exception {
        Update update = new Update(Name.fromConstantString("ddns.test."));
        update.replace(Name.fromConstantString("cam1.ddns.test."), Type.A, 60, address);
        TSIG key = new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("cam1-key."),
                new SecretKeySpec(Base64.getDecoder().decode(NsupdateIT.CAM1_SECRET), "HmacSHA256"), clock);
        update.setTSIG(key);
        return update.toWire(65_535);
    }

    /** Sends the bytes to a DNS listener on loopback; returns the answer's RCODE. */
    static int send(byte[] wire, int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(buffer, reply.getLength())).getRcode();
        }
    }
}
