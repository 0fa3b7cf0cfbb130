package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.device.Endpoint;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewriteRuleTest {

    private static RewriteRule rule(String path) {
        return new RewriteRule(path, Set.of("GET"), Endpoint.UPDATE, RewriteRule.Source.parse("query:t"), null, null, Map.of());
    }

    @Test
    void pathsMatchIgnoringCaseAndStarMatchesOneSegment() {
        assertThat(rule("/cgi-bin/ddns.pl").matches("/CGI-BIN/DDNS.pl")).isTrue();
        assertThat(rule("/dyn/*/update.asp").matches("/dyn/abc/update.asp")).isTrue();
        assertThat(rule("/dyn/*/update.asp").matches("/dyn/a/b/update.asp")).isFalse();
        assertThat(rule("/cgi-bin/ddns.pl").matches("/cgi-bin/ddns.pl/x")).isFalse();
    }

    @Test
    void sourcesParse() {
        assertThat(RewriteRule.Source.parse("query:pass")).isEqualTo(new RewriteRule.Source(RewriteRule.Source.Kind.QUERY, "pass", 0));
        assertThat(RewriteRule.Source.parse("BASIC").kind()).isEqualTo(RewriteRule.Source.Kind.BASIC);
        assertThat(RewriteRule.Source.parse("path:2").index()).isEqualTo(2);
        assertThat(RewriteRule.Source.parse("header:X-Token").name()).isEqualTo("X-Token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "query:", "path:0", "path:x", "cookie:a", "header"})
    void badSourcesAreRefusedWithAReason(String text) {
        assertThatThrownBy(() -> RewriteRule.Source.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "" : "'");
    }
}
