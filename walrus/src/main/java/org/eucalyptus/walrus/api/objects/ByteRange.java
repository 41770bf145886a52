package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.walrus.api.S3Exception;

/** One byte range of an object, first to last inclusive. */
public record ByteRange(long first, long last) {

  public long length() {
    return last - first + 1;
  }

  /** One byte range: {@code a-b}, {@code a-} or {@code -n} (after {@code bytes=}), clipped to the object. */
  public static ByteRange parse(String spec, long size) throws S3Exception {
    S3Exception bad = new S3Exception("InvalidRange", "The requested range is not satisfiable",
        HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw bad;
    }
    try {
      long from;
      long to;
      if (dash == 0) {
        long n = Long.parseLong(spec.substring(1));
        if (n == 0 || size == 0) {
          throw bad;
        }
        from = Math.max(0, size - n);
        to = size - 1;
      } else {
        from = Long.parseLong(spec.substring(0, dash));
        to = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
      }
      if (from >= size || from > to) {
        throw bad;
      }
      return new ByteRange(from, to);
    } catch (NumberFormatException e) {
      throw bad;
    }
  }
}
