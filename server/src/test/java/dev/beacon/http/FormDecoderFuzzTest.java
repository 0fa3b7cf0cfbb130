package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beacon.device.Params;
import java.nio.charset.StandardCharsets;

/**
 * The form decoder on any bytes a client can put in a query string or body: it decodes them or
 * says why not, within its field limit, and never throws. The suite runs the seeds in
 * {@code FormDecoderFuzzTestInputs}; {@code bench/fuzz.sh} fuzzes it.
 */
class FormDecoderFuzzTest {

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void anyQueryIsDecodedOrRefusedWithAReason(byte[] data) {
        Params params = new Params();
        String problem = FormDecoder.decode(new String(data, StandardCharsets.ISO_8859_1), params);
        if (problem != null) {
            assertThat(problem).isNotBlank();
            return;
        }
        assertThat(params.names().size()).isLessThanOrEqualTo(FormDecoder.MAX_FIELDS);
        for (String name : params.names()) {
            assertThat(params.field(name)).isNotNull();
        }
    }
}
