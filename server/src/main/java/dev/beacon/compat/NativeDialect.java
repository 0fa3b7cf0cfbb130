package dev.beacon.compat;

import dev.beacon.api.ApiRequest;
import dev.beacon.api.DeviceApi;
import dev.beacon.api.Endpoint;
import dev.beacon.api.Reply;
import dev.beacon.api.ReplyCode;
import java.util.concurrent.CompletableFuture;

/** The native ("CitronDNS") device protocol: the six {@code .aspx} paths, replies as they are. */
public final class NativeDialect implements Dialect {

    private final DeviceApi api;

    public NativeDialect(DeviceApi api) {
        this.api = api;
    }

    @Override
    public boolean serves(String path) {
        return Endpoint.ofPath(path) != null;
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        if (!request.isGetOrPost()) {
            return CompletableFuture.completedFuture(WebReply.methodNotAllowed());
        }
        ApiRequest call = new ApiRequest(Endpoint.ofPath(request.path()), request.params(), request.client(),
                request.userAgent());
        return api.handle(call).thenApply(NativeDialect::toWeb);
    }

    @Override
    public WebReply fault(WebRequest request) {
        return toWeb(Reply.of(ReplyCode.SERVER_ERROR));
    }

    static WebReply toWeb(Reply reply) {
        WebReply web = WebReply.of(reply.status(), reply.body());
        if (reply.media() == Reply.Media.HTML) {
            web = web.withHeader("Content-Type", "text/html; charset=utf-8");
        }
        return reply.retryAfterSeconds() > 0 ? web.withHeader("Retry-After", Long.toString(reply.retryAfterSeconds())) : web;
    }
}
