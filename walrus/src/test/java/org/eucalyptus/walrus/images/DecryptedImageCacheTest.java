package org.eucalyptus.walrus.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decrypted-image cache on a real directory; the fsyncs run when the test says (a crash is a new cache on the same directory). */
@UnitTest
class DecryptedImageCacheTest {
  @TempDir Path dir;
  private final List<Runnable> pendingSyncs = new ArrayList<>();
  private final AtomicInteger produced = new AtomicInteger();

  private DecryptedImageCache cache(long maxBytes, Clock clock) throws Exception {
    return new DecryptedImageCache(dir, maxBytes, clock, pendingSyncs::add);
  }

  private DecryptedImageCache.Producer writes(String text) {
    return out -> {
      produced.incrementAndGet();
      out.write(text.getBytes(StandardCharsets.UTF_8));
    };
  }

  private void runSyncs() {
    pendingSyncs.forEach(Runnable::run);
    pendingSyncs.clear();
  }

  @Test
  void anEntryIsServedBeforeItsSyncAndACrashBeforeTheSyncDropsIt() throws Exception {
    DecryptedImageCache c = cache(1 << 20, Clock.systemUTC());
    Path file = c.get("a.img", writes("image a"));
    assertThat(file).hasContent("image a");
    assertThat(pendingSyncs).hasSize(1); // served, its fsync still to come
    assertThat(dir.resolve("a.img.synced")).doesNotExist();
    assertThat(c.get("a.img", writes("not asked"))).hasContent("image a");
    assertThat(produced).hasValue(1);

    // Walrus dies before the fsync: the next start cannot trust the entry, so it is made again.
    DecryptedImageCache restarted = cache(1 << 20, Clock.systemUTC());
    restarted.recover();
    assertThat(dir.resolve("a.img")).doesNotExist();
    assertThat(restarted.get("a.img", writes("image a, again"))).hasContent("image a, again");
    assertThat(produced).hasValue(2);
  }

  @Test
  void aSyncedEntrySurvivesARestart() throws Exception {
    DecryptedImageCache c = cache(1 << 20, Clock.systemUTC());
    c.get("b.img", writes("image b"));
    runSyncs();
    assertThat(dir.resolve("b.img.synced")).exists();
    Files.writeString(dir.resolve("c.img.12ab.tmp"), "half an image");
    Files.writeString(dir.resolve("gone.img.synced"), "");

    DecryptedImageCache restarted = cache(1 << 20, Clock.systemUTC());
    restarted.recover();
    assertThat(restarted.get("b.img", writes("not asked"))).hasContent("image b");
    assertThat(produced).hasValue(1);
    assertThat(dir.resolve("c.img.12ab.tmp")).doesNotExist();
    assertThat(dir.resolve("gone.img.synced")).doesNotExist();
    assertThat(restarted.size()).isEqualTo("image b".length()); // marks are not counted
  }

  @Test
  void evictionTakesAnEntrysMarkWithIt() throws Exception {
    Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
    DecryptedImageCache c = cache(10, Clock.fixed(t0, ZoneOffset.UTC));
    c.get("old.img", writes("12345678"));
    runSyncs();
    // Past the time an entry counts as in use, a new one that does not fit with it evicts it.
    DecryptedImageCache later = cache(10, Clock.fixed(t0.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
    later.get("new.img", writes("abcdefgh"));
    assertThat(dir.resolve("old.img")).doesNotExist();
    assertThat(dir.resolve("old.img.synced")).doesNotExist();
    runSyncs();
    assertThat(dir.resolve("new.img.synced")).exists();
  }

  @Test
  void anEntryEvictedBeforeItsSyncIsNotMarked() throws Exception {
    DecryptedImageCache c = cache(1 << 20, Clock.systemUTC());
    c.get("d.img", writes("image d"));
    Files.delete(dir.resolve("d.img"));
    runSyncs();
    assertThat(dir.resolve("d.img.synced")).doesNotExist();
  }
}
