package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the cloud controller's cluster sync cost on the wire: the CC's DescribeInstances answers in
 * its access log (each line ends with the request's bytes, the answer's bytes and its milliseconds).
 */
record SyncTraffic(int reports, long p50Bytes, long maxBytes, long totalBytes) {
  static SyncTraffic read(Path ccAccessLog) throws IOException {
    List<Long> sizes = new ArrayList<>();
    if (Files.exists(ccAccessLog)) {
      try (var lines = Files.lines(ccAccessLog)) {
        lines.filter(l -> l.contains(" DescribeInstances 200 ")).forEach(l -> {
          String[] f = l.trim().split(" ");
          if (f.length >= 3) {
            sizes.add(Long.parseLong(f[f.length - 2]));
          }
        });
      }
    }
    if (sizes.isEmpty()) {
      return new SyncTraffic(0, 0, 0, 0);
    }
    Collections.sort(sizes);
    return new SyncTraffic(sizes.size(), sizes.get(sizes.size() / 2), sizes.get(sizes.size() - 1),
        sizes.stream().mapToLong(Long::longValue).sum());
  }
}
