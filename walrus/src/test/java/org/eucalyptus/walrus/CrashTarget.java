package org.eucalyptus.walrus;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;

/** A Walrus in a process of its own, for the test that kills it in the middle of a write. */
public final class CrashTarget {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKICRASHTEST00000000", "crash-test-secret", "123456789012", "test", "u", "admin", false);

  private CrashTarget() {}

  public static void main(String[] args) throws Exception {
    Walrus walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", Path.of(args[0]).toString())),
        id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    HttpServer server = new HttpServer("walrus-crash", new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])),
        walrus.routes()).start();
    System.out.println("READY " + server.port());
    Thread.sleep(Long.MAX_VALUE);
  }
}
