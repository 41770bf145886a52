package org.eucalyptus.walrus.buckets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketStoreTest {
  @Test
  void namesFollowS3Rules() {
    assertThat(BucketStore.validName("my-bucket.1")).isTrue();
    assertThat(BucketStore.validName("ab")).isFalse();
    assertThat(BucketStore.validName("a".repeat(64))).isFalse();
    assertThat(BucketStore.validName("Upper")).isFalse();
    assertThat(BucketStore.validName("a..b")).isFalse();
    assertThat(BucketStore.validName("-abc")).isFalse();
    assertThat(BucketStore.validName("192.168.1.1")).isFalse();
    assertThat(BucketStore.validName("../etc")).isFalse();
  }

  @Test
  void createIsOnceOnlyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
    BucketStore store = new BucketStore(dir);
    assertThat(store.create("one", "111111111111")).isTrue();
    assertThat(store.create("one", "222222222222")).isFalse();
    assertThat(store.find("one")).hasValueSatisfying(b -> assertThat(b.ownerAccount()).isEqualTo("111111111111"));
    assertThat(store.listOwnedBy("222222222222")).isEmpty();
    try (var tmp = Files.list(dir.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }
}
