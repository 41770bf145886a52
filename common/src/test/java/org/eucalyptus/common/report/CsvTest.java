package org.eucalyptus.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class CsvTest {
  @Test
  void cellsAreQuotedWhenTheyMustBeAndNeverFormulas() {
    assertThat(Csv.cell("plain")).isEqualTo("plain");
    assertThat(Csv.cell(null)).isEmpty();
    assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(Csv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    assertThat(Csv.cell("+1+1")).isEqualTo("'+1+1");
    assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Csv.cell("-2.5")).isEqualTo("-2.5");
    assertThat(Csv.cell("-")).isEqualTo("'-");
  }

  @Test
  void aDocumentHasItsHeaderThenItsRowsInTheColumnsOrder() {
    assertThat(Csv.document(List.of("b", "a"), List.of(Map.of("a", "1", "b", "x,y"), Map.of("a", "2"))))
        .isEqualTo("b,a\n\"x,y\",1\n,2\n");
  }
}
