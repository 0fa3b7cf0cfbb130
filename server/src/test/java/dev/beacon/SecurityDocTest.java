package dev.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/SECURITY.md backs each claim with a test: every test it names exists. */
class SecurityDocTest {

    private static final Path DOC = Path.of("..", "docs", "SECURITY.md");
    private static final Pattern NAMED = Pattern.compile("`(\\w+(?:Test|IT))\\.(\\w+)`");

    @Test
    void everyTestTheSecurityPageNamesExists() throws IOException {
        Matcher m = NAMED.matcher(Files.readString(DOC));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1) + "." + m.group(2));
        }
        assertThat(named).hasSizeGreaterThanOrEqualTo(15);
        for (String test : named) {
            String cls = test.substring(0, test.indexOf('.'));
            String method = test.substring(test.indexOf('.') + 1);
            Path file = find(cls);
            assertThat(file).as(test).isNotNull();
            assertThat(Files.readString(file)).as(test).containsPattern("void " + method + "\\(");
        }
    }

    private static Path find(String cls) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
            return files.filter(p -> p.getFileName().toString().equals(cls + ".java")).findFirst().orElse(null);
        }
    }
}
