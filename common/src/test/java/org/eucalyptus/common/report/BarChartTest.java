package org.eucalyptus.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class BarChartTest {
  @Test
  void theLongestBarIsTheFullLengthAndTheOthersInProportion() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("instance m1.small", 10.0);
    v.put("volume", 2.5);
    v.put("address", 0.0);
    List<BarChart.Bar> bars = BarChart.bars(v, 180, 400);
    assertThat(bars).extracting(BarChart.Bar::width).containsExactly("400.0", "100.0", "0.0");
    assertThat(bars).extracting(BarChart.Bar::y).containsExactly(4, 28, 52);
    assertThat(bars.get(1).valueX()).isEqualTo("286.0");
    assertThat(bars.get(1).value()).isEqualTo("2.50");
    assertThat(BarChart.height(3)).isEqualTo(82);
    assertThat(BarChart.bars(Map.of("none", 0.0), 0, 400).get(0).width()).isEqualTo("0.0");
  }
}
