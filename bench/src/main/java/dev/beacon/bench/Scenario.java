package dev.beacon.bench;

import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;

/**
 * What the load generator asks, and what it must be answered. Each connection owns the devices
 * {@code d} with {@code d % connections == index}, so no two requests for one device are ever in
 * flight together and a changing update always changes something.
 */
enum Scenario {
    /** Creates the devices the update scenarios use (10|fqdn): set-up, run to its end, not timed. */
    SETUP("set-up: register the devices"),
    /** Registers devices never seen before (10|fqdn), timed like every other scenario. */
    REGISTER("register (10)"),
    /** ipdetect: no token, no storage. */
    IPDETECT("ipdetect"),
    /** update with the stored address: 08, answered from memory. */
    NO_CHANGE("no-change update (08)"),
    /** update with a new address each time: 09, durable before the reply. */
    CHANGE("changing update (09, durable)");

    private final String title;

    Scenario(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    /** One connection's source of requests. */
    static final class Source {
        private final Scenario scenario;
        private final TokenCodec codec;
        private final TokenKey key;
        private final DeviceId[] devices;
        private final int[] numbers;
        private final int[] flips;
        private final int index;
        private final int connections;
        private final int deviceCount;
        private int next;

        Source(Scenario scenario, TokenCodec codec, TokenKey key, int index, int connections, int deviceCount) {
            this.scenario = scenario;
            this.index = index;
            this.connections = connections;
            this.deviceCount = deviceCount;
            this.codec = codec;
            this.key = key;
            int mine = (deviceCount - index + connections - 1) / connections;
            this.devices = new DeviceId[mine];
            this.numbers = new int[mine];
            this.flips = new int[mine];
            for (int i = 0; i < mine; i++) {
                numbers[i] = index + i * connections;
                devices[i] = DeviceId.parse(String.format("BENCH-%08d", numbers[i]));
            }
        }

        /** False once the finite scenario (set-up) has sent everything. */
        boolean hasNext() {
            return scenario != SETUP || next < devices.length;
        }

        /** The path and query of the next request. */
        String nextPath() {
            if (scenario == IPDETECT) {
                return "/ipdetect.aspx";
            }
            if (scenario == REGISTER) {
                // Fresh devices above the set-up's, this connection's share of them, never repeated.
                int n = deviceCount + index + next++ * connections;
                String token = codec.mint(key, DeviceId.parse(String.format("BENCH-%08d", n)),
                        System.currentTimeMillis() / 1000);
                return "/add.aspx?mac=" + token + "&dm=bench" + n + "&myip=" + address(10, n);
            }
            if (devices.length == 0) {
                return "/ipdetect.aspx";
            }
            int i = next++ % devices.length;
            String token = codec.mint(key, devices[i], System.currentTimeMillis() / 1000);
            int n = numbers[i];
            return switch (scenario) {
                case SETUP -> "/add.aspx?mac=" + token + "&dm=bench" + n + "&myip=" + address(10, n);
                case NO_CHANGE -> "/update.aspx?mac=" + token + "&myip=" + address(10, n);
                case CHANGE -> "/update.aspx?mac=" + token + "&myip=" + address(flips[i]++ % 2 == 0 ? 11 : 10, n);
                default -> throw new IllegalStateException();
            };
        }

        /** True when the body is the reply this scenario must get. */
        boolean expected(String body) {
            return switch (scenario) {
                // A device registered before: 08, or 09 when a changing run left it elsewhere.
                case SETUP -> body.startsWith("10|") || body.equals("08") || body.equals("09");
                case REGISTER -> body.startsWith("10|");
                case IPDETECT -> body.equals("127.0.0.1");
                case NO_CHANGE -> body.equals("08");
                case CHANGE -> body.equals("09");
            };
        }

        private static String address(int first, int n) {
            return first + "." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
        }
    }
}
