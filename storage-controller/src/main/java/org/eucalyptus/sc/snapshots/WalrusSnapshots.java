package org.eucalyptus.sc.snapshots;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.eucalyptus.common.pki.ComponentKeys;

/**
 * Snapshots' bytes in Walrus.
 *
 * <p>PLACEHOLDER so the storage controller compiles before the merge: replaced at merge by the wsnap
 * helper's class of the same name and API. Every call here fails, saying so.
 */
@SuppressWarnings("DoNotCallSuggester") // a placeholder whose every call fails until the merge
public final class WalrusSnapshots {
  private final URI walrusServiceUrl;

  public WalrusSnapshots(URI walrusServiceUrl, ComponentKeys keys, Duration timeout) {
    this.walrusServiceUrl = walrusServiceUrl;
  }

  public void upload(String snapshotId, Path file, LongConsumer bytesSent) throws IOException {
    throw unavailable();
  }

  public long download(String snapshotId, Path target, LongConsumer bytesReceived) throws IOException {
    throw unavailable();
  }

  public void delete(String snapshotId) throws IOException {
    throw unavailable();
  }

  public OptionalLong size(String snapshotId) throws IOException {
    throw unavailable();
  }

  private IOException unavailable() {
    return new IOException("snapshots in Walrus (" + walrusServiceUrl + ") are not in this build yet");
  }
}
