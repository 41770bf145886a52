package org.eucalyptus.walrus.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eucalyptus.testfixtures.UnitTest;
import org.eucalyptus.walrus.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What recovery does at start, on the real database (H2, or PostgreSQL with
 * {@code euca.test.db=postgresql}): it forgets objects whose data a power cut left deleted, and it
 * refuses, changing nothing, a storage directory and a database that are not each other's.
 */
@UnitTest
class StorageRecoveryTest {
  @TempDir
  Path dir;
  TestDb testDb;
  WalrusDatabase db;
  ObjectStore store;

  @BeforeEach
  void open() throws Exception {
    testDb = TestDb.create();
    db = database(dir.resolve("db"));
    store = new ObjectStore(db.dataSource(), dir.resolve("storage"));
    store.recover();
    try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("insert into walrus_buckets (name, owner_account, created) values ('b', 'a', current_timestamp)");
    }
  }

  @AfterEach
  void close() {
    org.eucalyptus.walrus.Closing.closeAll(store, db, testDb);
  }

  private WalrusDatabase database(Path embeddedDir) {
    Map<String, String> s = testDb.settings();
    return s.isEmpty() ? WalrusDatabase.embedded(embeddedDir)
        : new WalrusDatabase(s.get("WALRUS_DB_URL"), s.get("WALRUS_DB_USER"), s.get("WALRUS_DB_PASSWORD"));
  }

  private ObjectStore.StoredObject put(String key, String body) throws Exception {
    return store.put("b", key, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), body.length(), null, null, "text/plain",
        Map.of(), "a", Acl.privateTo("a"), ObjectQuota.NONE);
  }

  private long dataFiles(Path storage) throws IOException {
    try (Stream<Path> files = Files.walk(storage.resolve("data"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void anObjectWhoseDataWasDeletedBeforeAPowerCutIsForgotten() throws Exception {
    ObjectStore.StoredObject kept = put("kept", "still here");
    ObjectStore.StoredObject lost = put("lost", "its delete reached the disk, its row did not");
    Files.delete(store.path(lost));
    store.recover();
    assertTrue(store.get("b", "lost").isEmpty(), "no row left naming a file that is gone");
    assertEquals("still here", Files.readString(store.path(store.get("b", "kept").orElseThrow())));
    assertEquals(kept.etag(), store.get("b", "kept").orElseThrow().etag());
  }

  @Test
  void theSamePairStartsAgain() throws Exception {
    put("k", "v");
    String id = Files.readString(dir.resolve("storage").resolve(StorageIdentity.FILE)).strip();
    store.recover();
    store.recover();
    assertEquals(id, Files.readString(dir.resolve("storage").resolve(StorageIdentity.FILE)).strip());
    assertTrue(store.get("b", "k").isPresent());
  }

  @Test
  void aStorageDirectoryThatDidNotMountIsRefusedAndTheDatabaseKept() throws Exception {
    put("k", "v");
    // The database says objects exist; the directory it is started on is an empty mount point.
    Path empty = Files.createDirectories(dir.resolve("unmounted"));
    try (ObjectStore elsewhere = new ObjectStore(db.dataSource(), empty)) {
      IOException e = assertThrows(IOException.class, elsewhere::recover);
      assertTrue(e.getMessage().contains("is the storage disk mounted?"), e.getMessage());
    }
    assertTrue(store.get("b", "k").isPresent(), "no row was forgotten");
  }

  @Test
  void anotherWalrusDatabaseIsRefusedAndTheFilesKept() throws Exception {
    put("k", "v");
    Path storage = dir.resolve("storage");
    long files = dataFiles(storage);
    // A second, new database (as a wrong WALRUS_DB_URL would give) pointed at this storage.
    TestDb other = TestDb.create();
    Map<String, String> s = other.settings();
    try (WalrusDatabase wrong = s.isEmpty() ? WalrusDatabase.embedded(dir.resolve("other-db"))
        : new WalrusDatabase(s.get("WALRUS_DB_URL"), s.get("WALRUS_DB_USER"), s.get("WALRUS_DB_PASSWORD"));
         ObjectStore mismatched = new ObjectStore(wrong.dataSource(), storage)) {
      IOException e = assertThrows(IOException.class, mismatched::recover);
      assertTrue(e.getMessage().contains("belongs to another Walrus database"), e.getMessage());
    } finally {
      other.close();
    }
    assertEquals(files, dataFiles(storage), "no object file was removed");
    assertFalse(Files.exists(storage.resolve(StorageIdentity.FILE + ".tmp")));
  }
}
