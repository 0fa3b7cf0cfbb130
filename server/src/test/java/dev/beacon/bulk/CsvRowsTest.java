package dev.beacon.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void plainFieldsAreSplitOnCommasAndTrimmed() {
        assertThat(CsvRows.split("E0:46:9A:B8:1B:FC, cam1 ,198.51.100.7,")).containsExactly("E0:46:9A:B8:1B:FC", "cam1",
                "198.51.100.7", "");
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        assertThat(CsvRows.split("\"SN,1\",\"say \"\"hi\"\"\",,")).containsExactly("SN,1", "say \"hi\"", "", "");
    }

    @Test
    void anUnclosedQuoteMakesTheLineUnreadable() {
        assertThat(CsvRows.split("\"SN-1,cam1,,")).isNull();
    }
}
