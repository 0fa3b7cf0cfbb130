package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicAuthTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passwordIsEverythingAfterTheFirstColon() {
        assertThat(BasicAuth.password(basic("device:AQE:with:colons"))).isEqualTo("AQE:with:colons");
        assertThat(BasicAuth.password(basic(":token"))).isEqualTo("token");
        assertThat(BasicAuth.password("basic " + Base64.getEncoder().encodeToString("u:p".getBytes()))).isEqualTo("p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer abc", "Basic", "Basic !!!", "Basic dXNlcg=="})
    void malformedHeadersGiveNoPassword(String header) {
        assertThat(BasicAuth.password(header)).isNull();
    }

    @Test
    void missingHeaderGivesNoPassword() {
        assertThat(BasicAuth.password(null)).isNull();
    }
}
