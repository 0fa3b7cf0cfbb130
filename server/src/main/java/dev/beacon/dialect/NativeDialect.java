package dev.beacon.dialect;

import dev.beacon.device.ApiRequest;
import dev.beacon.device.DeviceApi;
import dev.beacon.device.Endpoint;
import dev.beacon.device.Reply;
import dev.beacon.device.ReplyCode;
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
                request.userAgent(), "native", request.secure());
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
