package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two devices racing for one free name: exactly one gets it. */
class ConcurrentAddIT {

    @TempDir
    Path dir;

    @Test
    void concurrentAddsOfOneFreeNameGiveExactlyOne10AndOne07() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            int names = 100;
            List<CompletableFuture<String>> a = new ArrayList<>();
            List<CompletableFuture<String>> b = new ArrayList<>();
            for (int i = 0; i < names; i++) {
                a.add(addAsync(beacon, "SN-A" + i, "race" + i));
                b.add(addAsync(beacon, "SN-B" + i, "race" + i));
            }
            for (int i = 0; i < names; i++) {
                List<String> replies = List.of(a.get(i).join(), b.get(i).join());
                assertThat(replies).containsExactlyInAnyOrder("10|race" + i + ".ddns.test", "07");
                String winner = replies.get(0).startsWith("10") ? "SN-A" + i : "SN-B" + i;
                assertThat(beacon.server().registry().snapshot().zone("ddns.test").record("race" + i).device().value())
                        .isEqualTo(winner);
            }
        }
    }

    private static CompletableFuture<String> addAsync(TestServer beacon, String device, String name) {
        return beacon.client().sendAsync(beacon.request("/add.aspx?mac=" + beacon.token(device) + "&dm=" + name).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }
}
