package org.eucalyptus.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.walrus.Walrus;

/** Walrus alone in a process, with one fixed key: what the Walrus benchmarks measure. */
public final class WalrusProcess {
  static final AccessKeyOwner KEY =
      new AccessKeyOwner("AKIBENCHWALRUS000000", "bench-secret", "123456789012", "bench", "u", "admin", false);

  private WalrusProcess() {}

  public static void main(String[] args) throws Exception {
    // WALRUS_DIRECT_IO from the environment, to measure both ways of writing object data.
    Walrus walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", Path.of(args[0]).toString(),
        "WALRUS_DIRECT_IO", System.getenv().getOrDefault("WALRUS_DIRECT_IO", "N"))),
        id -> id.equals(KEY.accessKeyId()) ? Optional.of(KEY) : Optional.empty());
    HttpServer server = new HttpServer("walrus-bench", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    System.out.println("READY " + server.port());
    Thread.sleep(Long.MAX_VALUE);
  }
}
