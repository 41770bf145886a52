package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;

/** What is kept with an object: its x-amz-meta-* headers and the standard headers S3 stores. */
public final class ObjectMetadata {
  /** Headers S3 keeps with an object and sends back with it, besides its content type. */
  private static final List<String> STORED_HEADERS =
      List.of("cache-control", "content-disposition", "content-encoding", "content-language", "expires");

  private ObjectMetadata() {}

  public static Map<String, String> of(S3Request req) throws S3Exception {
    Map<String, String> meta = new LinkedHashMap<>();
    int userBytes = 0;
    for (Map.Entry<String, String> h : req.http().headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-meta-")) {
        meta.put(name, h.getValue());
        userBytes += (name.length() - "x-amz-meta-".length()) + h.getValue().getBytes(StandardCharsets.UTF_8).length;
      } else if (STORED_HEADERS.contains(name)) {
        String value = h.getValue();
        if (name.equals("content-encoding")) {
          // aws-chunked describes how this upload was sent, not the object.
          value = java.util.Arrays.stream(value.split(",")).map(String::strip)
              .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("aws-chunked"))
              .collect(java.util.stream.Collectors.joining(","));
          if (value.isEmpty()) {
            continue;
          }
        }
        meta.put(name, value);
      }
    }
    // S3's limit on user metadata is 2 KB; what is stored must also fit its column.
    int stored = meta.entrySet().stream()
        .mapToInt(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length + 2).sum();
    if (userBytes > 2048 || stored > 8192) {
      throw new S3Exception("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.",
          HttpResponseStatus.BAD_REQUEST);
    }
    return meta;
  }
}
