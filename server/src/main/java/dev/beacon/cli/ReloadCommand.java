package dev.beacon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beacon reload}: a running server reads its config file again (as on SIGHUP). */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make a running server read its config file again, through its admin listener (a write token):"
                + " zone keys, policies, flood limits, rewrite rules, the TLS certificate and the logging level take"
                + " effect; listeners, storage and the zones' DNS data take a restart. SIGHUP does the same.",
            "A file that cannot be used leaves the running config as it was, and this command says why."})
final class ReloadCommand implements Callable<Integer> {

    @Mixin
    AdminCommand.Connection api;

    @Override
    public Integer call() {
        JsonNode body;
        try {
            body = api.call("POST", "/api/v1/reload");
        } catch (AdminCommand.Failure f) {
            System.err.println("beacon reload: " + f.getMessage());
            return f.status;
        }
        System.out.println("reloaded: " + list(body.path("applied")) + " in effect");
        if (!body.path("need_restart").isEmpty()) {
            System.out.println("these differ and take a restart: " + list(body.path("need_restart")));
        }
        return 0;
    }

    private static String list(JsonNode array) {
        java.util.List<String> items = new java.util.ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join("; ", items);
    }
}
