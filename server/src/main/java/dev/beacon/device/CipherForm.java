package dev.beacon.device;

import dev.beacon.token.DeviceId;
import java.util.function.BiFunction;

/**
 * {@code /cipher.aspx}, the original product's browser test form (development mode only):
 * without {@code mac} it is a page with one field and one button that posts back; with
 * {@code mac} (a device id) it is a fresh token for that device, as bare text.
 */
final class CipherForm {

    static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Beacon: device token</title></head>
            <body>
            <h1>Device token</h1>
            <p>Development mode: mints a fresh token for a device id (MAC address or serial).</p>
            <form method="post" action="/cipher.aspx">
            <label for="mac">Device id</label>
            <input id="mac" name="mac" required placeholder="E0:46:9A:B8:1B:FC">
            <button type="submit">Make token</button>
            </form>
            </body>
            </html>
            """;

    private CipherForm() {
    }

    /**
     * @param mint makes a token for a device id in a zone (null: the default), or null for an
     *     unknown zone
     */
    static Reply answer(Params params, BiFunction<DeviceId, String, String> mint) {
        if (params.field("mac") instanceof Params.Field.Absent) {
            return Reply.html(PAGE);
        }
        DeviceId id = DeviceId.parseOrNull(params.single("mac"));
        String token = id == null ? null : mint.apply(id, params.single("zone"));
        return token == null ? Reply.of(ReplyCode.INVALID_TOKEN) : Reply.text(token);
    }
}
