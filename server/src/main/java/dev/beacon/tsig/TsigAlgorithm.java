package dev.beacon.tsig;

import java.util.Locale;

/** The HMAC algorithms Beacon signs and verifies with (RFC 8945 §6: the SHA-2 family). */
public enum TsigAlgorithm {
    HMAC_SHA256("hmac-sha256", "HmacSHA256", 32),
    HMAC_SHA384("hmac-sha384", "HmacSHA384", 48),
    HMAC_SHA512("hmac-sha512", "HmacSHA512", 64);

    private final String dnsName;
    private final String jcaName;
    private final int macLength;
    private final byte[] wire;

    TsigAlgorithm(String dnsName, String jcaName, int macLength) {
        this.dnsName = dnsName;
        this.jcaName = jcaName;
        this.macLength = macLength;
        this.wire = DnsName.wire(dnsName);
    }

    /** The name as configured and as BIND, Knot and NSD spell it ({@code hmac-sha256}). */
    public String dnsName() {
        return dnsName;
    }

    String jcaName() {
        return jcaName;
    }

    /** Length of the full MAC, octets. */
    int macLength() {
        return macLength;
    }

    /** The algorithm name in canonical wire form, as the TSIG RDATA carries it. */
    byte[] wire() {
        return wire.clone();
    }

    /** The algorithm a configured or received name denotes, or null when Beacon has none such. */
    public static TsigAlgorithm named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        for (TsigAlgorithm a : values()) {
            if (a.dnsName.equals(n)) {
                return a;
            }
        }
        return null;
    }
}
