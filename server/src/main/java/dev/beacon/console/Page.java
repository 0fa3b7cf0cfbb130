package dev.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What each console page shows: the operator API's answers, and what the console derives from them. */
public sealed interface Page {

    /** The template that renders the page. */
    String template();

    /**
     * The sign-in form.
     *
     * @param message why the form is shown again, or null
     * @param next the console page to go to after signing in
     */
    record SignIn(String message, String next) implements Page {
        @Override
        public String template() {
            return "signin.jte";
        }
    }

    /** The overview: {@code GET /api/v1/overview}, with its charts. */
    record Overview(JsonNode overview, String activityChart, String codesChart) implements Page {
        @Override
        public String template() {
            return "overview.jte";
        }
    }

    /**
     * A page of the device list: {@code GET /api/v1/devices} and the zones to choose from.
     *
     * @param nextLink the next page's address, or null on the last
     */
    record DeviceList(JsonNode list, JsonNode zones, String q, String zone, String sort, String nextLink)
            implements Page {
        @Override
        public String template() {
            return "devices.jte";
        }
    }

    /** One device: {@code GET /api/v1/devices/{id}}, with its addresses over time. */
    record Device(JsonNode device, List<AddressChange> timeline) implements Page {
        @Override
        public String template() {
            return "device.jte";
        }
    }

    /**
     * One address a name held from a moment on.
     *
     * @param time when (ISO-8601)
     * @param name the name
     * @param family ipv4 or ipv6
     * @param from the address before, or null
     * @param to the address after, or null when it was removed
     * @param by who made the change
     */
    record AddressChange(String time, String name, String family, String from, String to, String by) {
    }

    /** The question before a name is released. */
    record ConfirmRelease(String fqdn, String deviceId, String zone) implements Page {
        @Override
        public String template() {
            return "release.jte";
        }
    }

    /**
     * The fleet report: {@code GET /api/v1/reports/fleet}, with its charts.
     *
     * @param binNames the update-interval bins, named for people
     * @param intervalCounts the updates in each bin, over every firmware
     */
    record Report(JsonNode report, JsonNode zones, String firmwareChart, String intervalsChart, List<String> binNames,
            List<Long> intervalCounts) implements Page {
        @Override
        public String template() {
            return "report.jte";
        }
    }

    /**
     * The token tool.
     *
     * @param zones the zones whose policy lets operators mint device tokens
     * @param minted the answer of {@code POST /api/v1/tokens}, or null before the form is sent
     * @param error why no token was made, or null
     */
    record Tokens(List<String> zones, JsonNode minted, String error) implements Page {
        @Override
        public String template() {
            return "tokens.jte";
        }
    }

    /** A request the console could not serve, and why. */
    record Problem(int status, String message) implements Page {
        @Override
        public String template() {
            return "problem.jte";
        }
    }
}
