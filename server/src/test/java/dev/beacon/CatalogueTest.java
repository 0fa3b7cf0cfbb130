package dev.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/BAD-INPUT.md, the catalogue of malformed input, agrees with the code: every id cited in a
 * comment or a test name is a row, every row's tests exist, and every test named for a row is
 * listed in it.
 */
class CatalogueTest {

    private static final Path DOC = Path.of("..", "docs", "BAD-INPUT.md");
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path TEST = Path.of("src", "test", "java");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| ([A-H]\\d{1,2}) \\|.*\\| ([^|]+) \\|$");
    private static final Pattern LISTED_TEST = Pattern.compile("`(\\w+)\\.(\\w+)`");
    private static final Pattern TEST_NAMED_FOR_A_ROW = Pattern.compile("void ([a-h]\\d{1,2})[A-Z]\\w*\\(");
    /** An id in a comment: "(A11)", "A3-A16", "B1 two OPTs", "(D3)". */
    private static final Pattern CITED = Pattern.compile("(?<![\\w:.-])([ABDE]\\d{1,2})(?=[),:;\\s-])");

    @Test
    void everyIdCitedInTheCodeIsARowOfTheCatalogue() throws IOException {
        Set<String> rows = rows().keySet();
        Set<String> cited = new TreeSet<>();
        for (Path file : javaFiles(MAIN)) {
            for (String line : Files.readAllLines(file)) {
                int comment = Math.max(line.indexOf("//"), line.indexOf("* "));
                if (comment < 0) {
                    continue;
                }
                Matcher m = CITED.matcher(line.substring(comment));
                while (m.find()) {
                    cited.add(m.group(1) + " in " + file.getFileName());
                }
            }
        }
        assertThat(cited).isNotEmpty().allSatisfy(c -> assertThat(rows).contains(c.substring(0, c.indexOf(' '))));
    }

    @Test
    void everyTestARowNamesExists() throws IOException {
        Set<String> existing = testMethods().keySet();
        for (Map.Entry<String, Set<String>> row : rows().entrySet()) {
            assertThat(row.getValue()).as(row.getKey()).isNotEmpty();
            assertThat(existing).as(row.getKey()).containsAll(row.getValue());
        }
    }

    @Test
    void everyTestNamedForARowIsListedInIt() throws IOException {
        Map<String, Set<String>> rows = rows();
        for (Map.Entry<String, String> test : testMethods().entrySet()) {
            assertThat(rows.getOrDefault(test.getValue(), Set.of())).as(test.getKey()).contains(test.getKey());
        }
    }

    /** Row id to the tests it names ("MalformedQueryTest.a1DatagramShorterThanAHeaderIsDropped"). */
    private static Map<String, Set<String>> rows() throws IOException {
        Map<String, Set<String>> rows = new HashMap<>();
        Matcher m = ROW.matcher(Files.readString(DOC));
        while (m.find()) {
            Set<String> tests = new HashSet<>();
            Matcher t = LISTED_TEST.matcher(m.group(2));
            while (t.find()) {
                tests.add(t.group(1) + "." + t.group(2));
            }
            rows.put(m.group(1), tests);
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    /** Every test method named for a row, as "Class.method", to its row id. */
    private static Map<String, String> testMethods() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (Path file : javaFiles(TEST)) {
            String cls = file.getFileName().toString().replace(".java", "");
            Matcher m = TEST_NAMED_FOR_A_ROW.matcher(Files.readString(file));
            while (m.find()) {
                String method = m.group(0).substring(5, m.group(0).length() - 1);
                out.put(cls + "." + method, m.group(1).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static java.util.List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
