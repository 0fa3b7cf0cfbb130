package dev.beacon.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in memory: a restart signs everyone out, and each node of a cluster
 * has its own. Bounded: past {@link #MAX} sessions the one closest to its end is dropped.
 * Thread-safe.
 */
final class ConsoleSessions {

    /** How long a session lasts from sign-in. */
    static final Duration LIFETIME = Duration.ofHours(8);
    static final int MAX = 10_000;

    private final ConcurrentHashMap<String, ConsoleSession> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    ConsoleSession open(String tokenHash, String name, boolean canWrite) {
        long now = clock.millis();
        if (byId.size() >= MAX) {
            byId.values().removeIf(s -> s.expiresAtMillis() <= now);
            byId.values().stream().min(Comparator.comparingLong(ConsoleSession::expiresAtMillis))
                    .ifPresent(s -> byId.remove(s.id()));
        }
        ConsoleSession session = new ConsoleSession(secret(), tokenHash, name, canWrite, secret(),
                now + LIFETIME.toMillis());
        byId.put(session.id(), session);
        return session;
    }

    /** The live session a cookie names, or null. */
    ConsoleSession find(String id) {
        if (id == null) {
            return null;
        }
        ConsoleSession s = byId.get(id);
        if (s != null && s.expiresAtMillis() <= clock.millis()) {
            byId.remove(id, s);
            return null;
        }
        return s;
    }

    void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Whether a form's CSRF value is the session's, compared in constant time. */
    static boolean csrfMatches(ConsoleSession session, String sent) {
        return sent != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
