package org.eucalyptus.clc.api.iam;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * IAM's paging of a list action: at most {@code MaxItems} (1 to 1000, 100 when absent) per answer,
 * with {@code IsTruncated} and, when it is true, a {@code Marker} to send for the next page. The list
 * is ordered by a key of each item (its name); the marker carries, opaquely, the last key answered,
 * so the next page starts after it even when items came or went in between.
 */
public final class Paging {
  public static final int DEFAULT_MAX_ITEMS = 100;
  public static final int MAX_ITEMS = 1000;
  private static final String MARKER_TAG = "after:";

  private final String after;
  private final int maxItems;

  Paging(String after, int maxItems) {
    this.after = after;
    this.maxItems = maxItems;
  }

  /** The request's Marker and MaxItems; a bad one is a ValidationError. */
  public static Paging of(QueryRequest req) throws ApiException {
    String max = req.param("MaxItems");
    int n = DEFAULT_MAX_ITEMS;
    if (max != null) {
      try {
        n = Integer.parseInt(max.strip());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > MAX_ITEMS) {
        throw new ApiException("ValidationError", "MaxItems is a whole number from 1 to " + MAX_ITEMS + ".");
      }
    }
    String marker = req.param("Marker");
    return new Paging(marker == null ? null : decode(marker), n);
  }

  /** One page of {@code items}, ordered by {@code key}. */
  public <T> Page<T> page(List<T> items, Function<T, String> key) {
    List<T> rest = items.stream().filter(i -> after == null || key.apply(i).compareTo(after) > 0)
        .sorted(Comparator.comparing(key)).toList();
    if (rest.size() <= maxItems) {
      return new Page<>(rest, null);
    }
    List<T> page = rest.subList(0, maxItems);
    return new Page<>(page, encode(key.apply(page.get(page.size() - 1))));
  }

  /** A page of items; {@code marker} is null on the last page. */
  public record Page<T>(List<T> items, String marker) {
    public boolean truncated() {
      return marker != null;
    }

    /** Writes {@code IsTruncated}, and the {@code Marker} when there is more. */
    public XmlWriter writeTail(XmlWriter x) {
      x.element("IsTruncated", Boolean.toString(truncated()));
      if (truncated()) {
        x.element("Marker", marker);
      }
      return x;
    }
  }

  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((MARKER_TAG + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String marker) throws ApiException {
    String text = null;
    try {
      text = new String(Base64.getUrlDecoder().decode(marker.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // not a marker of ours: said below
    }
    if (text == null || !text.startsWith(MARKER_TAG)) {
      throw new ApiException("ValidationError", "Marker is not one this service answered: send the Marker of the"
          + " previous page as it was.");
    }
    return text.substring(MARKER_TAG.length());
  }
}
