package dev.beacon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.client.ServerApi;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code beacon admin}: the operator API from the command line, as tables (or {@code --json},
 * the API's own answer). The token comes from {@code BEACON_ADMIN_TOKEN} or a file, so it does
 * not show in the process list.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Look at and act on the fleet through the operator API of a running server (docs/ADMIN.md).",
        subcommands = {AdminCommand.Zones.class, AdminCommand.Devices.class, AdminCommand.Names.class,
            AdminCommand.Report.class})
final class AdminCommand extends CommandGroup {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to reach the operator API. */
    static final class Connection {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
                description = "The admin listener (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "A file holding the admin token (default: the BEACON_ADMIN_TOKEN environment variable).")
        Path tokenFile;

        @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust only this CA for an HTTPS admin listener.")
        Path caFile;

        @Option(names = "--json", description = "Print the API's JSON answer instead of a table.")
        boolean json;

        /** The answer's JSON; throws {@link Failure} with the API's error or the transport's. */
        JsonNode call(String method, String path) throws Failure {
            String token;
            try {
                token = tokenFile != null ? Files.readString(tokenFile).trim() : System.getenv("BEACON_ADMIN_TOKEN");
            } catch (IOException e) {
                throw new Failure(2, "--token-file: " + e.getMessage());
            }
            if (token == null || token.isBlank()) {
                throw new Failure(2, "no admin token: set BEACON_ADMIN_TOKEN or give --token-file"
                        + " (beacon admin-token create makes one)");
            }
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER);
            try {
                if (caFile != null) {
                    builder.sslContext(ServerApi.trusting(caFile));
                }
                URI uri = URI.create(url.replaceAll("/+$", "") + path);
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody()).build();
                HttpResponse<String> response = builder.build().send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode body = parse(response.body());
                if (response.statusCode() != 200) {
                    String why = body != null && body.hasNonNull("error") ? body.get("error").asText() : response.body();
                    throw new Failure(1, "HTTP " + response.statusCode() + ": " + why.trim());
                }
                if (body == null) {
                    throw new Failure(1, "the server's answer is not JSON: " + response.body());
                }
                return body;
            } catch (IllegalArgumentException e) {
                throw new Failure(2, "--url: " + e.getMessage());
            } catch (IOException e) {
                throw new Failure(1, "cannot reach " + url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(1, "interrupted");
            }
        }

        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }

        /** Prints the JSON or a table, and returns the exit status. */
        int show(JsonNode body, Runnable table) throws IOException {
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
            } else {
                table.run();
            }
            return 0;
        }
    }

    /** A failed command: its exit status and message. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Runs one call and prints it, or prints why not. */
    interface Action {
        int run() throws Failure, IOException;
    }

    static int attempt(String command, Action action) {
        try {
            return action.run();
        } catch (Failure f) {
            System.err.println("beacon admin " + command + ": " + f.getMessage());
            return f.status;
        } catch (IOException e) {
            System.err.println("beacon admin " + command + ": " + e.getMessage());
            return 1;
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                out.append(out.length() == 0 ? '?' : '&').append(k).append('=').append(enc(v));
            }
        });
        return out.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.isArray() ? join(v) : v.asText();
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(e -> parts.add(e.asText()));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    /** Prints rows as aligned columns. */
    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format(Locale.ROOT, "%-" + width[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    @Command(name = "zones", mixinStandardHelpOptions = true, description = "The zones served: serial, devices and names.")
    static final class Zones implements Callable<Integer> {
        @Mixin
        Connection api;

        @Override
        public Integer call() {
            return attempt("zones", () -> {
                JsonNode body = api.call("GET", "/api/v1/zones");
                return api.show(body, () -> {
                    List<List<String>> rows = new ArrayList<>();
                    body.forEach(z -> rows.add(List.of(text(z, "name"), text(z, "serial"), text(z, "devices"),
                            text(z, "names"))));
                    table(System.out, List.of("ZONE", "SERIAL", "DEVICES", "NAMES"), rows);
                });
            });
        }
    }

    @Command(name = "devices", mixinStandardHelpOptions = true,
            description = "List, show, block, unblock or revoke devices; issue or revoke their static secrets.",
            subcommands = {DevicesList.class, DevicesShow.class, DevicesBlock.class, DevicesUnblock.class,
                DevicesRevoke.class, DevicesSecret.class, DevicesRevokeSecret.class})
    static final class Devices extends CommandGroup {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Devices in order of zone and id, a page at a time; --q finds a name or id prefix, an address or a User-Agent part.")
    static final class DevicesList implements Callable<Integer> {
        @Mixin
        Connection api;

        @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone.")
        String zone;

        @Option(names = "--q", paramLabel = "TEXT", description = "Search text.")
        String q;

        @Option(names = "--limit", paramLabel = "N", description = "Devices per page (1 to 1000, default 50).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "The page after this cursor (printed after a page).")
        String cursor;

        @Override
        public Integer call() {
            return attempt("devices list", () -> {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("zone", zone);
                params.put("q", q);
                params.put("limit", limit == null ? null : limit.toString());
                params.put("cursor", cursor);
                JsonNode body = api.call("GET", "/api/v1/devices" + query(params));
                return api.show(body, () -> {
                    List<List<String>> rows = new ArrayList<>();
                    body.get("items").forEach(d -> rows.add(List.of(text(d, "device_id"), text(d, "names"),
                            text(d, "ipv4"), text(d, "ipv6"), text(d, "last_seen"),
                            d.path("blocked").asBoolean() ? "blocked" : "", text(d, "user_agent"))));
                    table(System.out, List.of("DEVICE", "NAMES", "IPV4", "IPV6", "LAST SEEN", "BLOCKED", "USER AGENT"), rows);
                    if (body.hasNonNull("next")) {
                        System.out.println("more: --cursor " + body.get("next").asText());
                    }
                });
            });
        }
    }

    /** A device id and, when it is known in several zones, which zone. */
    static final class DeviceRef {
        @Parameters(paramLabel = "DEVICE_ID", description = "The device's MAC address or serial.")
        String id;

        @Option(names = "--zone", paramLabel = "ZONE", description = "The zone (needed when the server serves several).")
        String zone;

        String path(String suffix) {
            return "/api/v1/devices/" + enc(id) + suffix + (zone == null ? "" : "?zone=" + enc(zone));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A device's names, data and last 100 changes.")
    static final class DevicesShow implements Callable<Integer> {
        @Mixin
        Connection api;

        @Mixin
        DeviceRef device;

        @Override
        public Integer call() {
            return attempt("devices show", () -> {
                JsonNode d = api.call("GET", device.path(""));
                return api.show(d, () -> {
                    for (String field : List.of("device_id", "zone", "names", "ipv4", "ipv6", "user_agent", "source",
                            "created", "updated", "last_seen", "blocked")) {
                        System.out.printf(Locale.ROOT, "%-11s %s%n", field, text(d, field));
                    }
                    d.path("fields").properties().forEach(e ->
                            System.out.printf(Locale.ROOT, "%-11s %s%n", "field." + e.getKey(), e.getValue().asText()));
                    System.out.println();
                    List<List<String>> rows = new ArrayList<>();
                    d.path("history").forEach(h -> {
                        List<String> changes = new ArrayList<>();
                        h.path("changes").properties().forEach(e -> changes.add(e.getKey() + " "
                                + text(e.getValue(), "old") + " -> " + text(e.getValue(), "new")));
                        rows.add(List.of(text(h, "time"), text(h, "change"), text(h, "name"), text(h, "by"),
                                String.join("; ", changes)));
                    });
                    table(System.out, List.of("TIME", "CHANGE", "NAME", "BY", "WHAT"), rows);
                });
            });
        }
    }

    /** An action on one device: a POST to {@code /api/v1/devices/{id}/ACTION}, and what it did, in words. */
    abstract static class DeviceAction implements Callable<Integer> {
        @Mixin
        Connection api;

        @Mixin
        DeviceRef device;

        /** The API's action: block, unblock or revoke. */
        abstract String action();

        /** What was done, from the API's answer. */
        abstract String done(JsonNode body);

        @Override
        public Integer call() {
            return attempt("devices " + action(), () -> {
                JsonNode body = api.call("POST", device.path("/" + action()));
                return api.show(body, () -> System.out.println(done(body)));
            });
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "Block a device: its requests are refused with 02; its names keep resolving until released.")
    static final class DevicesBlock extends DeviceAction {
        @Override
        String action() {
            return "block";
        }

        @Override
        String done(JsonNode body) {
            return "blocked " + text(body, "device_id") + " in " + text(body, "zone")
                    + (body.path("changed").asBoolean() ? "" : " (it was already)");
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a device.")
    static final class DevicesUnblock extends DeviceAction {
        @Override
        String action() {
            return "unblock";
        }

        @Override
        String done(JsonNode body) {
            return "unblocked " + text(body, "device_id") + " in " + text(body, "zone")
                    + (body.path("changed").asBoolean() ? "" : " (it was not blocked)");
        }
    }

    @Command(name = "secret", mixinStandardHelpOptions = true,
            description = "Issue a device a new static secret for third-party clients (dyndns2, DuckDNS, rewrite"
                    + " rules), replacing any it had; it is printed once, and good only for updates.")
    static final class DevicesSecret extends DeviceAction {
        @Override
        String action() {
            return "secret";
        }

        @Override
        String done(JsonNode body) {
            return "static secret of " + text(body, "device_id") + " in " + text(body, "zone")
                    + " (shown once; give it to the client as its password or token):\n" + text(body, "secret");
        }
    }

    @Command(name = "revoke-secret", mixinStandardHelpOptions = true,
            description = "Revoke a device's static secret: third-party clients using it get badauth from now on.")
    static final class DevicesRevokeSecret extends DeviceAction {
        @Override
        String action() {
            return "revoke-secret";
        }

        @Override
        String done(JsonNode body) {
            return body.path("revoked").asBoolean()
                    ? "revoked the static secret of " + text(body, "device_id") + " in " + text(body, "zone")
                    : text(body, "device_id") + " in " + text(body, "zone") + " has no static secret";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a device's version 2 keys: every generation it had is refused from now on; "
                    + "provision it again (beacon provision --generation) to let it back.")
    static final class DevicesRevoke extends DeviceAction {
        @Override
        String action() {
            return "revoke";
        }

        @Override
        String done(JsonNode body) {
            return "revoked the keys of " + text(body, "device_id") + " in " + text(body, "zone")
                    + "; it needs a key of generation " + text(body, "lowest_generation") + " or higher";
        }
    }

    @Command(name = "names", mixinStandardHelpOptions = true, description = "Release names.",
            subcommands = NamesRelease.class)
    static final class Names extends CommandGroup {
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release a name, whoever holds it: DNS stops answering for it at once, on every node.")
    static final class NamesRelease implements Callable<Integer> {
        @Mixin
        Connection api;

        @Parameters(paramLabel = "FQDN", description = "The name, e.g. cam1.ddns.example.")
        String fqdn;

        @Override
        public Integer call() {
            return attempt("names release", () -> {
                JsonNode body = api.call("DELETE", "/api/v1/names/" + enc(fqdn));
                return api.show(body, () -> System.out.println("released " + text(body, "name")));
            });
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Reports.", subcommands = ReportFleet.class)
    static final class Report extends CommandGroup {
    }

    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "Per firmware (User-Agent): devices, requests, reply codes, update interval; then the offenders.")
    static final class ReportFleet implements Callable<Integer> {
        @Mixin
        Connection api;

        @Option(names = "--zone", paramLabel = "ZONE", description = "The zone (needed when the server serves several).")
        String zone;

        @Option(names = "--silent-days", paramLabel = "N", description = "List devices silent for more than N days (default 7).")
        Integer silentDays;

        @Override
        public Integer call() {
            return attempt("report fleet", () -> {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("zone", zone);
                params.put("silent_days", silentDays == null ? null : silentDays.toString());
                JsonNode body = api.call("GET", "/api/v1/reports/fleet" + query(params));
                return api.show(body, () -> printFleet(body));
            });
        }

        private static void printFleet(JsonNode body) {
            System.out.println("zone " + text(body, "zone") + ", requests since " + text(body, "since"));
            List<List<String>> rows = new ArrayList<>();
            body.path("firmware").forEach(f -> {
                List<String> codes = new ArrayList<>();
                f.path("codes").properties().forEach(e -> codes.add(e.getKey() + " "
                        + String.format(Locale.ROOT, "%.0f%%", 100 * e.getValue().asDouble())));
                rows.add(List.of(text(f, "user_agent"), text(f, "devices"), text(f, "requests"),
                        text(f, "median_update_seconds"), String.join(" ", codes)));
            });
            table(System.out, List.of("USER AGENT", "DEVICES", "REQUESTS", "MEDIAN S", "CODES"), rows);
            JsonNode o = body.path("offenders");
            offenders("devices by 911", o.path("devices_by_911"), "device_id", "count");
            offenders("addresses by 911", o.path("addresses_by_911"), "address", "count");
            offenders("devices by 08 per hour", o.path("devices_by_08_per_hour"), "device_id", "per_hour");
            offenders("addresses by 08 per hour", o.path("addresses_by_08_per_hour"), "address", "per_hour");
            System.out.println();
            System.out.println("silent for more than " + text(o, "silent_days") + " days:");
            o.path("silent_devices").forEach(d -> System.out.println("  " + text(d, "device_id") + "  "
                    + text(d, "names") + "  last seen " + text(d, "last_seen")));
        }

        private static void offenders(String title, JsonNode list, String key, String count) {
            System.out.println();
            System.out.println(title + ":");
            list.forEach(e -> System.out.println("  " + text(e, key) + "  " + text(e, count)));
        }
    }
}
