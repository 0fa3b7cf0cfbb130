package dev.beacon.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a version 2 token is good for: one endpoint with exactly these parameters (every one but
 * {@code mac}, the token itself). Its canonical form, which the tag covers, is the endpoint, a
 * line feed, then each parameter as {@code name=value} and a line feed, sorted by name then value
 * (UTF-8 bytes), with names and values as decoded from the request.
 *
 * @param endpoint {@code add}, {@code update}, {@code remove} or {@code ipcheck}
 * @param params the parameters, in any order
 */
public record SignedRequest(String endpoint, List<Map.Entry<String, String>> params) {

    /** The parameter that carries the token, and so is not part of what it signs. */
    public static final String TOKEN_PARAM = "mac";

    public SignedRequest {
        params = List.copyOf(params);
    }

    /** A request with these parameters, given as name, value, name, value... */
    public static SignedRequest of(String endpoint, String... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.add(Map.entry(nameValues[i], nameValues[i + 1]));
        }
        return new SignedRequest(endpoint, params);
    }

    /** The bytes the tag covers. */
    public byte[] canonical() {
        List<byte[][]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> p : params) {
            if (!p.getKey().equals(TOKEN_PARAM)) {
                pairs.add(new byte[][] {utf8(p.getKey()), utf8(p.getValue())});
            }
        }
        Comparator<byte[]> bytes = java.util.Arrays::compareUnsigned;
        pairs.sort((a, b) -> {
            int byName = bytes.compare(a[0], b[0]);
            return byName != 0 ? byName : bytes.compare(a[1], b[1]);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(endpoint));
        out.write('\n');
        for (byte[][] p : pairs) {
            out.writeBytes(p[0]);
            out.write('=');
            out.writeBytes(p[1]);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
