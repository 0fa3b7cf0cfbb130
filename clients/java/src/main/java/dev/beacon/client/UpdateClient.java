package dev.beacon.client;

import dev.beacon.token.DeviceKey;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenV2;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A device's update client, following the no-flood rules (protocol §5):
 * <ul>
 * <li>at start (boot), one update whatever it remembers; "no record" (13) with a name set means
 *     register it (add);
 * <li>then every interval (with ±10% jitter) ask for the current address, and update only when it
 *     differs from the address of the last successful update, which it keeps on disk;
 * <li>on 911, 12, or no answer, back off exponentially with jitter, never sooner than
 *     {@code Retry-After};
 * <li>on 02 (and other replies no retry can fix) stop with a {@link ConfigurationError}.
 * </ul>
 * Not thread-safe: one thread drives one client. Time and sleeping are passed in, so tests run
 * the real logic against a real server without waiting.
 */
public final class UpdateClient {

    /** Waits; the real one sleeps. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Where the client reports what it does. */
    public interface Log {
        void info(String message);

        void warn(String message);
    }

    /** The result of one step: done, or try again after {@code delay}. */
    public record Step(boolean ok, Duration delay) {
        static final Step OK = new Step(true, Duration.ZERO);
    }

    private final ClientSettings settings;
    private final ServerApi api;
    private final AddressSource addresses;
    private final StateFile stateFile;
    private final TokenCodec codec;
    /** The last version 2 counter used. */
    private long counter;
    private final ServerClock clock;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Log log;
    private ClientState state;

    public UpdateClient(ClientSettings settings, ServerApi api, AddressSource addresses, StateFile stateFile,
            TokenCodec codec, ServerClock clock, Backoff backoff, Sleeper sleeper, RandomGenerator random, Log log) {
        this.settings = settings;
        this.api = api;
        this.addresses = addresses;
        this.stateFile = stateFile;
        this.codec = codec;
        this.clock = clock;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
        this.log = log;
        this.state = stateFile.load();
        if (settings.interval().compareTo(ClientSettings.MIN_RECOMMENDED_INTERVAL) < 0) {
            log.warn("interval " + settings.interval().toSeconds() + " s is for testing only: a fleet polling "
                    + "this often floods its server (use 300 s)");
        }
    }

    /**
     * A client wired the standard way: the system clock (or the server's), real sleeping, the
     * server's ipdetect (or the configured command), the state file, a strong random source.
     *
     * @throws IOException when the CA file given cannot be used
     */
    public static UpdateClient standard(ClientSettings settings, Log log) throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        ServerApi api = new ServerApi(settings.server(), settings.caFile(), settings.userAgent());
        ServerClock clock = new ServerClock(java.time.Clock.systemUTC(), settings.clockless());
        AddressSource source = settings.detectCommand() != null ? new CommandAddress(settings.detectCommand())
                : new IpDetect(api, clock::observe);
        return new UpdateClient(settings, api, source, new StateFile(settings.state(), log::warn), new TokenCodec(random),
                clock, Backoff.standard(random), d -> Thread.sleep(d.toMillis()), random, log);
    }

    /** What the client remembers. */
    public ClientState state() {
        return state;
    }

    /** Runs forever: the boot update, then polling. Returns only by exception. */
    public void run() throws ConfigurationError, InterruptedException {
        untilDone(true);
        while (true) {
            double jitter = 0.9 + 0.2 * random.nextDouble();
            sleeper.sleep(Duration.ofMillis((long) (settings.interval().toMillis() * jitter)));
            untilDone(false);
        }
    }

    private void untilDone(boolean boot) throws ConfigurationError, InterruptedException {
        Step step = boot ? boot() : poll();
        while (!step.ok()) {
            sleeper.sleep(step.delay());
            step = boot ? boot() : poll();
        }
    }

    /** The update due at start, sent even when the address is the one remembered. */
    public Step boot() throws ConfigurationError {
        String address;
        try {
            address = detect();
        } catch (IOException e) {
            return failed("cannot learn the current address", e);
        }
        return update(address);
    }

    /** One check of the address; an update only when it changed. */
    public Step poll() throws ConfigurationError {
        String address;
        try {
            address = detect();
        } catch (IOException e) {
            return failed("cannot learn the current address", e);
        }
        if (address.equals(state.address())) {
            backoff.reset();
            return Step.OK;
        }
        log.info("address changed from " + state.address() + " to " + address);
        return update(address);
    }

    private String detect() throws IOException {
        if (!clock.known()) {
            // A clock-less device must hear the server's time before it can mint a token.
            clock.observe(api.get("/ipdetect.aspx"));
        }
        return addresses.detect();
    }

    private Step update(String address) throws ConfigurationError {
        ServerReply reply;
        try {
            reply = call("/update.aspx?myip=" + encode(address) + "&mac=" + token("update", "myip", address));
        } catch (IOException e) {
            return failed("update failed", e);
        }
        switch (reply.code()) {
            case "08":
            case "09":
                return succeeded(address, reply);
            case "13":
                if (settings.name() == null) {
                    throw new ConfigurationError("the server has no record for " + settings.device()
                            + " (13) and no name is set to register one (--name)");
                }
                return add(address);
            default:
                return otherwise(address, reply);
        }
    }

    private Step add(String address) throws ConfigurationError {
        ServerReply reply;
        try {
            reply = call("/add.aspx?dm=" + encode(settings.name()) + "&myip=" + encode(address) + "&mac="
                    + token("add", "dm", settings.name(), "myip", address));
        } catch (IOException e) {
            return failed("registration failed", e);
        }
        switch (reply.code()) {
            case "10":
            case "08":
            case "09":
                log.info("registered " + reply.body());
                return succeeded(address, reply);
            case "07":
                throw new ConfigurationError("the name " + settings.name() + " is taken by another device (07)");
            case "01":
                throw new ConfigurationError("the server refused the name " + settings.name() + " (01)");
            default:
                return otherwise(address, reply);
        }
    }

    /** Replies that mean the same after an update and after a registration. */
    private Step otherwise(String address, ServerReply reply) throws ConfigurationError {
        switch (reply.code()) {
            case "04":
                log.warn("the server refused the address " + address + " (04); will try again");
                return retry(reply.retryAfterSeconds());
            case "02":
                throw new ConfigurationError("the server refused the token (02): check the key file, the key id and "
                        + "the device id" + (settings.clockless() ? "" : ", and the device's clock"));
            case "05":
                throw new ConfigurationError("the server refused a custom field (" + reply.body() + ")");
            case "911":
            case "12":
                log.warn("server answered " + reply.code() + "; backing off");
                return retry(reply.retryAfterSeconds());
            default:
                log.warn("unexpected reply HTTP " + reply.status() + ": " + reply.body());
                return retry(reply.retryAfterSeconds());
        }
    }

    private Step succeeded(String address, ServerReply reply) {
        backoff.reset();
        state = new ClientState(address, clock.nowSeconds());
        try {
            stateFile.save(state);
        } catch (IOException e) {
            log.warn("cannot save state (" + e.getMessage() + "); the next start will update again");
        }
        if (reply.code().equals("09")) {
            log.info("address set to " + address);
        }
        return Step.OK;
    }

    private Step failed(String what, IOException e) {
        long retryAfter = e instanceof RetryLater later ? later.retryAfterSeconds() : 0;
        log.warn(what + ": " + e.getMessage() + "; backing off");
        return retry(retryAfter);
    }

    private Step retry(long retryAfterSeconds) {
        return new Step(false, backoff.next(retryAfterSeconds));
    }

    private ServerReply call(String pathAndQuery) throws IOException {
        ServerReply reply = api.get(pathAndQuery);
        clock.observe(reply);
        return reply;
    }

    /**
     * The token for one request: version 1 (the zone key and the time), or with a device key
     * version 2, signing the endpoint and its parameters, its counter the time in milliseconds and
     * always above the last one (so it keeps rising across restarts while the clock does).
     */
    private String token(String endpoint, String... params) {
        DeviceKey own = settings.deviceKey();
        if (own == null) {
            return codec.mint(settings.key(), settings.device(), clock.nowSeconds());
        }
        counter = Math.max(counter + 1, clock.nowMillis());
        return TokenV2.mint(own.secret(), own.masterId(), own.generation(), counter, settings.device(),
                SignedRequest.of(endpoint, params));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
