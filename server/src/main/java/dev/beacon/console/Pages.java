package dev.beacon.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** Renders pages with the templates compiled at build time (src/main/jte); output is HTML-escaped by context. */
final class Pages {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), "dev.beacon.console.pages");

    String render(Chrome chrome, Page page) {
        StringOutput out = new StringOutput(16 * 1024);
        engine.render(page.template(), Map.of("chrome", chrome, "page", page), out);
        return out.toString();
    }
}
