package dev.beacon.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parser for textual IP addresses. Never consults DNS, never throws on bad input.
 *
 * <p>IPv4 must be four decimal octets without leading zeros ({@code 010.1.1.1} is refused:
 * some stacks read it as octal). IPv6 follows RFC 4291 §2.2, without zone ids
 * ({@code fe80::1%eth0} is refused) or brackets. An IPv4-mapped IPv6 address is returned as the
 * IPv4 address it maps, because that is the address the device has.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** The address, or null when the text is not a well-formed IPv4 or IPv6 literal. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** The IPv4 address, or null. */
    public static Inet4Address parseV4(String text) {
        byte[] bytes = new byte[4];
        return v4Into(text, 0, text.length(), bytes, 0) ? (Inet4Address) of(bytes) : null;
    }

    private static InetAddress parseV6(String text) {
        byte[] bytes = new byte[16];
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        if (doubleColon < 0) {
            return groupsInto(text, 0, text.length(), bytes, 16, true) == 16 ? of(bytes) : null;
        }
        byte[] head = new byte[16];
        byte[] tail = new byte[16];
        int headLen = doubleColon == 0 ? 0 : groupsInto(text, 0, doubleColon, head, 14, false);
        int tailStart = doubleColon + 2;
        int tailLen = tailStart == text.length() ? 0 : groupsInto(text, tailStart, text.length(), tail, 14, true);
        if (headLen < 0 || tailLen < 0 || headLen + tailLen > 14) {
            return null;
        }
        System.arraycopy(head, 0, bytes, 0, headLen);
        System.arraycopy(tail, 0, bytes, 16 - tailLen, tailLen);
        return of(bytes);
    }

    /**
     * Parses colon-separated hex groups into {@code out}; the last group may be a dotted IPv4
     * address when {@code mayEndWithV4} (RFC 4291 §2.2 form 3). Returns the number of bytes
     * written, or -1 when malformed or longer than {@code max}.
     */
    private static int groupsInto(String text, int from, int to, byte[] out, int max, boolean mayEndWithV4) {
        int pos = from;
        int written = 0;
        while (true) {
            int colon = text.indexOf(':', pos);
            int end = colon < 0 || colon >= to ? to : colon;
            if (end == pos) {
                return -1;
            }
            if (end == to && text.lastIndexOf('.', to - 1) >= pos) {
                if (!mayEndWithV4) {
                    return -1;
                }
                if (written + 4 > max || !v4Into(text, pos, to, out, written)) {
                    return -1;
                }
                return written + 4;
            }
            if (end - pos > 4 || written + 2 > max) {
                return -1;
            }
            int value = 0;
            for (int i = pos; i < end; i++) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            out[written] = (byte) (value >>> 8);
            out[written + 1] = (byte) value;
            written += 2;
            if (end == to) {
                return written;
            }
            pos = end + 1;
            if (pos >= to) {
                return -1;
            }
        }
    }

    private static boolean v4Into(String text, int from, int to, byte[] out, int at) {
        int octet = 0;
        int pos = from;
        while (octet < 4) {
            int start = pos;
            int value = 0;
            while (pos < to && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                value = value * 10 + (text.charAt(pos) - '0');
                pos++;
                if (pos - start > 3) {
                    return false;
                }
            }
            int digits = pos - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            out[at + octet++] = (byte) value;
            if (octet < 4) {
                if (pos >= to || text.charAt(pos) != '.') {
                    return false;
                }
                pos++;
            }
        }
        return pos == to;
    }

    private static InetAddress of(byte[] bytes) {
        try {
            // getByAddress turns an IPv4-mapped IPv6 address into its Inet4Address, which is
            // the normalisation we want.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + bytes.length, e);
        }
    }

    /** The canonical text: dotted quad, or RFC 5952 compressed lowercase IPv6. */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** Normalises a socket's peer address: IPv4-mapped IPv6 becomes IPv4, scope ids are dropped. */
    public static InetAddress normalise(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return of(v6.getAddress());
        }
        return address;
    }
}
