package org.eucalyptus.clc.api.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class PagingTest {
  static Paging paging(String maxItems, String marker) throws ApiException {
    Map<String, String> p = new HashMap<>();
    if (maxItems != null) {
      p.put("MaxItems", maxItems);
    }
    if (marker != null) {
      p.put("Marker", marker);
    }
    return Paging.of(new QueryRequest("ListUsers", IamDialect.VERSION, p, null, "r-1", "localhost", new IamDialect(),
        null));
  }

  static final List<String> NAMES = IntStream.range(0, 250).mapToObj(i -> String.format("user%03d", 249 - i)).toList();

  @Test
  void aHundredAPageByDefaultInKeyOrder() throws ApiException {
    List<List<String>> pages = new ArrayList<>();
    String marker = null;
    do {
      Paging.Page<String> page = paging(null, marker).page(NAMES, n -> n);
      pages.add(page.items());
      marker = page.marker();
      assertThat(page.truncated()).isEqualTo(marker != null);
    } while (marker != null);
    assertThat(pages).extracting(List::size).containsExactly(100, 100, 50);
    assertThat(pages.get(0).get(0)).isEqualTo("user000");
    assertThat(pages.get(2).get(49)).isEqualTo("user249");
  }

  @Test
  void aPageThatFitsExactlyIsNotTruncated() throws ApiException {
    Paging.Page<String> page = paging("250", null).page(NAMES, n -> n);
    assertThat(page.items()).hasSize(250);
    assertThat(page.truncated()).isFalse();
    assertThat(paging("1000", null).page(List.<String>of(), n -> n).items()).isEmpty();
  }

  @Test
  void theNextPageStartsAfterTheLastItemAnsweredEvenIfItWentAway() throws ApiException {
    Paging.Page<String> first = paging("3", null).page(List.of("a", "b", "c", "d", "e"), n -> n);
    assertThat(first.items()).containsExactly("a", "b", "c");
    assertThat(paging("3", first.marker()).page(List.of("a", "b", "d", "e"), n -> n).items())
        .containsExactly("d", "e");
  }

  @Test
  void aBadMaxItemsOrMarkerIsAValidationError() {
    for (String bad : List.of("0", "1001", "-5", "ten", "2147483648")) {
      assertThatThrownBy(() -> paging(bad, null)).as(bad).isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("ValidationError"));
    }
    for (String bad : List.of("not base64!", "bm90LW91cnM", "%%%")) {
      assertThatThrownBy(() -> paging(null, bad)).as(bad).isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("ValidationError"));
    }
  }
}
