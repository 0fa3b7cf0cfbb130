package dev.beacon.client;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The address the server sees the device at: {@code GET /ipdetect.aspx}. */
public final class IpDetect implements AddressSource {

    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private final ServerApi api;
    private final Consumer<ServerReply> observer;

    /**
     * @param observer sees every reply (the clock-less client learns the time from it)
     */
    public IpDetect(ServerApi api, Consumer<ServerReply> observer) {
        this.api = api;
        this.observer = observer;
    }

    @Override
    public String detect() throws IOException {
        ServerReply reply = api.get("/ipdetect.aspx");
        observer.accept(reply);
        if (reply.body().equals("911") || reply.status() >= 500) {
            throw new RetryLater("ipdetect answered " + reply.body(), reply.retryAfterSeconds());
        }
        String body = reply.body().strip();
        if (reply.status() != 200 || !ADDRESS.matcher(body).matches()) {
            throw new IOException("ipdetect answered HTTP " + reply.status() + ": " + body);
        }
        return body;
    }
}
