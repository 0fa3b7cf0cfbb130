package dev.beacon.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, read from the jar once: its own stylesheet and script, and uPlot's
 * from its WebJar. Nothing is fetched from anywhere else at run time.
 *
 * @param files by name under {@code /console/assets/}
 */
record Assets(Map<String, Asset> files) {

    /** One file: its content type and text. */
    record Asset(String type, String body) {
    }

    static Assets load() {
        Properties versions = new Properties();
        try (InputStream in = resource("console/assets.properties")) {
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String uplot = "META-INF/resources/webjars/uplot/" + versions.getProperty("uplot.version") + "/dist/";
        return new Assets(Map.of(
                "console.css", new Asset("text/css; charset=utf-8", text("console/console.css")),
                "console.js", new Asset("text/javascript; charset=utf-8", text("console/console.js")),
                "uPlot.min.css", new Asset("text/css; charset=utf-8", text(uplot + "uPlot.min.css")),
                "uPlot.iife.min.js", new Asset("text/javascript; charset=utf-8", text(uplot + "uPlot.iife.min.js"))));
    }

    private static InputStream resource(String name) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + name);
        }
        return in;
    }

    private static String text(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
