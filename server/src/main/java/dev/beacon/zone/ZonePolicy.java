package dev.beacon.zone;

import dev.beacon.ip.AddressKind;
import dev.beacon.record.TxtLimits;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a zone lets devices do.
 *
 * @param publicOnly refuse loopback, private, link-local and other non-public addresses
 * @param allowStaticTokens accept tokens with {@code issued_at = 0} (third-party clients)
 * @param maxNamesPerDevice how many names one device may hold (1 = adding another name renames)
 * @param reservedLabels labels no device may take, lowercase
 * @param operatorTokens write admin tokens may mint device tokens for this zone (the operator
 *     API's {@code /tokens}, the console's token tool): anyone holding one can then act as any
 *     device of the zone, so it is off unless asked for
 * @param txt how much TXT data one name may hold
 * @param tokenVersions the token versions the zone accepts (1, 2 or both)
 * @param reservedPatterns labels no device may take, as patterns where {@code *} stands for any
 *     run of characters ({@code paypal*}, {@code *-login}), lowercase
 * @param staticHttpsOnly static credentials (device secrets, version 1 static tokens) are
 *     refused ({@code 02}, {@code badauth}) on a connection that is not TLS, where anyone on the
 *     path could read them
 * @param ttl the TTLs a device may give its names
 * @param txtTtlSeconds how long a TXT value stays after it was set (an ACME challenge outlives its
 *     use by little), seconds; 0 for ever
 */
public record ZonePolicy(boolean publicOnly, boolean allowStaticTokens, int maxNamesPerDevice,
        Set<String> reservedLabels, boolean operatorTokens, TxtLimits txt, Set<Integer> tokenVersions,
        List<String> reservedPatterns, boolean staticHttpsOnly, TtlBounds ttl, long txtTtlSeconds) {

    /** An hour: long enough for an ACME order to be validated, short enough to leave no clutter. */
    public static final long DEFAULT_TXT_TTL_SECONDS = 3600;

    /** A policy whose TXT values last the default hour. */
    public ZonePolicy(boolean publicOnly, boolean allowStaticTokens, int maxNamesPerDevice, Set<String> reservedLabels,
            boolean operatorTokens, TxtLimits txt, Set<Integer> tokenVersions, List<String> reservedPatterns,
            boolean staticHttpsOnly, TtlBounds ttl) {
        this(publicOnly, allowStaticTokens, maxNamesPerDevice, reservedLabels, operatorTokens, txt, tokenVersions,
                reservedPatterns, staticHttpsOnly, ttl, DEFAULT_TXT_TTL_SECONDS);
    }

    /** A policy with the default TTL bounds. */
    public ZonePolicy(boolean publicOnly, boolean allowStaticTokens, int maxNamesPerDevice, Set<String> reservedLabels,
            boolean operatorTokens, TxtLimits txt, Set<Integer> tokenVersions, List<String> reservedPatterns,
            boolean staticHttpsOnly) {
        this(publicOnly, allowStaticTokens, maxNamesPerDevice, reservedLabels, operatorTokens, txt, tokenVersions,
                reservedPatterns, staticHttpsOnly, TtlBounds.defaults());
    }

    /** A policy that takes static credentials over plain HTTP too, with the default TTL bounds. */
    public ZonePolicy(boolean publicOnly, boolean allowStaticTokens, int maxNamesPerDevice, Set<String> reservedLabels,
            boolean operatorTokens, TxtLimits txt, Set<Integer> tokenVersions, List<String> reservedPatterns) {
        this(publicOnly, allowStaticTokens, maxNamesPerDevice, reservedLabels, operatorTokens, txt, tokenVersions,
                reservedPatterns, false);
    }

    /** The protocol's default reserved list (protocol §1). */
    public static final Set<String> DEFAULT_RESERVED = Set.of("www", "mail", "ns", "ns1", "ns2", "admin",
            "api", "ftp", "smtp", "imap", "pop", "localhost", "wpad", "autodiscover");

    public ZonePolicy {
        if (maxNamesPerDevice < 1) {
            throw new IllegalArgumentException("max-names-per-device must be at least 1");
        }
        TreeSet<String> lower = new TreeSet<>();
        for (String label : reservedLabels) {
            lower.add(label.toLowerCase(Locale.ROOT));
        }
        reservedLabels = Set.copyOf(lower);
        tokenVersions = Set.copyOf(tokenVersions);
        reservedPatterns = reservedPatterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        if (txtTtlSeconds < 0) {
            throw new IllegalArgumentException("txt-ttl must not be negative");
        }
        if (tokenVersions.isEmpty() || !Set.of(1, 2).containsAll(tokenVersions)) {
            throw new IllegalArgumentException("token-versions must hold 1, 2 or both");
        }
    }

    /** True when no device may take this label: it is reserved, or matches a reserved pattern. */
    public boolean reserves(String label) {
        if (reservedLabels.contains(label)) {
            return true;
        }
        for (String pattern : reservedPatterns) {
            if (matches(pattern, 0, label, 0)) {
                return true;
            }
        }
        return false;
    }

    /** Glob matching with {@code *} only: a few short patterns against a label of at most 63 characters. */
    private static boolean matches(String pattern, int p, String label, int l) {
        if (p == pattern.length()) {
            return l == label.length();
        }
        if (pattern.charAt(p) == '*') {
            for (int skip = l; skip <= label.length(); skip++) {
                if (matches(pattern, p + 1, label, skip)) {
                    return true;
                }
            }
            return false;
        }
        return l < label.length() && pattern.charAt(p) == label.charAt(l) && matches(pattern, p + 1, label, l + 1);
    }

    /** This policy with more labels reserved. */
    public ZonePolicy reserving(Set<String> more) {
        Set<String> all = new TreeSet<>(reservedLabels);
        all.addAll(more);
        return new ZonePolicy(publicOnly, allowStaticTokens, maxNamesPerDevice, all, operatorTokens, txt, tokenVersions,
                reservedPatterns, staticHttpsOnly, ttl, txtTtlSeconds);
    }

    /** Both token versions, so fielded version 1 firmware keeps working. */
    public static final Set<Integer> ALL_TOKEN_VERSIONS = Set.of(1, 2);

    public static ZonePolicy defaults() {
        return new ZonePolicy(false, false, 1, DEFAULT_RESERVED, false, TxtLimits.defaults(), ALL_TOKEN_VERSIONS, List.of());
    }

    /**
     * Whether a device may point a name of this zone at an address: never at one that is no
     * host's (unspecified, multicast, broadcast...), and at a non-public one only where the zone is
     * not public-only. The one address rule, for the device API and bulk import alike.
     */
    public boolean allows(InetAddress address) {
        AddressKind kind = AddressKind.of(address);
        return kind == AddressKind.PUBLIC || kind == AddressKind.NON_PUBLIC && !publicOnly;
    }

    public ZonePolicy withStaticTokens(boolean allow) {
        return new ZonePolicy(publicOnly, allow, maxNamesPerDevice, reservedLabels, operatorTokens, txt, tokenVersions,
                reservedPatterns, staticHttpsOnly, ttl, txtTtlSeconds);
    }
}
