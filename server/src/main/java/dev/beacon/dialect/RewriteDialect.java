package dev.beacon.dialect;

import dev.beacon.device.ApiRequest;
import dev.beacon.device.DeviceApi;
import dev.beacon.device.Params;
import dev.beacon.device.Reply;
import dev.beacon.device.ReplyCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Configured rewrite rules ({@link RewriteRule}): each request is turned into a native call
 * (token as {@code mac}, host name as {@code dm}, address as {@code myip}, every other field
 * passed through, so custom fields work) and the native reply code into the rule's text.
 */
public final class RewriteDialect implements Dialect {

    private static final Set<String> NATIVE_FIELDS = Set.of("mac", "dm", "myip");

    private final DeviceApi api;
    private volatile List<RewriteRule> rules;

    /** The rules of a reloaded config; requests already matched finish under the old ones. */
    public void rules(List<RewriteRule> reloaded) {
        this.rules = List.copyOf(reloaded);
    }

    public RewriteDialect(DeviceApi api, List<RewriteRule> rules) {
        this.api = api;
        this.rules = List.copyOf(rules);
    }

    @Override
    public boolean serves(String path) {
        return rules.stream().anyMatch(r -> r.matches(path));
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        RewriteRule rule = ruleFor(request);
        if (rule == null) {
            return CompletableFuture.completedFuture(WebReply.methodNotAllowed());
        }
        return handle(rule, request);
    }

    @Override
    public WebReply fault(WebRequest request) {
        RewriteRule rule = ruleFor(request);
        Reply failed = Reply.of(ReplyCode.SERVER_ERROR);
        return rule == null ? NativeDialect.toWeb(failed) : render(rule, failed);
    }

    private RewriteRule ruleFor(WebRequest request) {
        for (RewriteRule r : rules) {
            if (r.matches(request.path()) && r.methods().contains(request.method())) {
                return r;
            }
        }
        return null;
    }

    private CompletableFuture<WebReply> handle(RewriteRule rule, WebRequest request) {
        Params params = new Params();
        add(params, "mac", rule.token() == null ? null : rule.token().in(request));
        add(params, "dm", rule.hostname() == null ? null : rule.hostname().in(request));
        add(params, "myip", rule.ip() == null ? null : rule.ip().in(request));
        for (String name : request.params().names()) {
            if (!NATIVE_FIELDS.contains(name)) {
                Params.Field f = request.params().field(name);
                if (f instanceof Params.Field.Value v) {
                    params.add(name, v.text());
                } else {
                    // Keep a duplicate a duplicate, so the native rules refuse it.
                    params.add(name, "").add(name, "");
                }
            }
        }
        ApiRequest call = new ApiRequest(rule.operation(), params, request.client(), request.userAgent(), "rewrite",
                request.secure());
        return api.handle(call).thenApply(reply -> render(rule, reply));
    }

    private static void add(Params params, String name, String value) {
        if (value != null) {
            params.add(name, value);
        }
    }

    static WebReply render(RewriteRule rule, Reply reply) {
        if (reply.code() == null) {
            return NativeDialect.toWeb(reply);
        }
        String code = reply.code().text();
        String template = rule.replies().getOrDefault(code, rule.replies().get("*"));
        if (template == null) {
            return NativeDialect.toWeb(reply);
        }
        String value = reply.value() == null ? "" : reply.value();
        String body = template.replace("{code}", code).replace("{value}", value);
        WebReply web = WebReply.of(reply.status(), body);
        return reply.retryAfterSeconds() > 0 ? web.withHeader("Retry-After", Long.toString(reply.retryAfterSeconds())) : web;
    }
}
