package dev.beacon.http;

import dev.beacon.ip.Cidr;
import java.util.Locale;

/**
 * A reverse proxy whose word about the client is believed, and the one header it writes: a
 * client can send the other header too, and the proxy passes it on untouched.
 *
 * @param from the proxy's address or prefix
 * @param header the header the proxy appends the client to
 */
public record TrustedProxy(Cidr from, Header header) {

    /** The headers a proxy may write the client address into. */
    public enum Header {
        /** {@code X-Forwarded-For: client, proxy1, ...} (nginx, HAProxy, most load balancers). */
        X_FORWARDED_FOR("X-Forwarded-For"),
        /** {@code Forwarded: for=client, for=proxy1} (RFC 7239). */
        FORWARDED("Forwarded");

        private final String fieldName;

        Header(String fieldName) {
            this.fieldName = fieldName;
        }

        public String fieldName() {
            return fieldName;
        }

        /** The header named as in the config ({@code x-forwarded-for} or {@code forwarded}), or null. */
        public static Header named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "x-forwarded-for" -> X_FORWARDED_FOR;
                case "forwarded" -> FORWARDED;
                default -> null;
            };
        }
    }
}
