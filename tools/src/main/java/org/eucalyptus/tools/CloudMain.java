package org.eucalyptus.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eucalyptus.clc.ClcSettings;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.common.config.ComponentArgs;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.config.HostChecks;
import org.eucalyptus.walrus.Walrus;
import org.eucalyptus.walrus.WalrusSettings;

/**
 * The {@code eucalyptus-cloud} process: the cloud controller and Walrus sharing one port (8773) by
 * path, as in Eucalyptus 3.1. Walrus checks signatures against the CLC's access keys, and requests
 * against the CLC's stored IAM policies.
 */
public final class CloudMain implements AutoCloseable {
  private final CloudController clc;
  private final org.eucalyptus.clc.CloudPorts server;
  private Walrus walrus;
  private org.eucalyptus.walrus.WalrusPorts walrusRoot;

  public CloudMain(EucaConf conf) throws Exception {
    this(new CloudController(conf), conf);
  }

  /** Starts {@code clc} (not yet started) with Walrus on one port; a start that fails closes all it started. */
  public CloudMain(CloudController unstarted, EucaConf conf) throws Exception {
    ClcSettings settings = unstarted.settings();
    WalrusSettings walrusSettings = settings.walrusEnabled() ? walrusSettings(conf, settings) : null;
    clc = unstarted.start();
    org.eucalyptus.clc.CloudPorts started = null;
    try {
      List<HttpServer.Route> routes = new ArrayList<>(clc.routes());
      if (walrusSettings != null) {
        walrus = new Walrus(walrusSettings, clc.keys(), clc.policies(), new Walrus.ImageTrust(
            new org.eucalyptus.walrus.images.CloudKeys(clc.ca().certificate(), clc.ca().privateKey()), clc.identity()));
        routes.addAll(walrus.routes());
      }
      started = org.eucalyptus.clc.CloudPorts.start("cloud", clc, routes);
      if (walrus != null) {
        walrusRoot = org.eucalyptus.walrus.WalrusPorts.startRoot(walrus, walrusSettings, clc.tls());
      }
      server = started;
    } catch (Exception | Error e) {
      // Close what did start, the last first, so that a failed start leaves no port, pool or thread.
      for (AutoCloseable part : new AutoCloseable[] {started, walrus, clc}) {
        try {
          if (part != null) {
            part.close();
          }
        } catch (Exception | Error closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /** Walrus in the cloud's process: its storage is under CLC_DATA_DIR unless WALRUS_STORAGE_DIR says otherwise. */
  static WalrusSettings walrusSettings(EucaConf conf, ClcSettings clc) {
    return WalrusSettings.from(conf, clc.dataDir().resolve("bukkits").toString());
  }

  public CloudController clc() {
    return clc;
  }

  /** Walrus, or null when WALRUS_ENABLED=N. */
  public Walrus walrus() {
    return walrus;
  }

  public int port() {
    return server.port();
  }

  /** The HTTPS twin of {@link #port()} (0 when CLC_HTTPS_ENABLED=N). */
  public int httpsPort() {
    return server.httpsPort();
  }

  /** Walrus's root-path ports (WALRUS_ROOT_PORT, WALRUS_ROOT_HTTPS_PORT), or null when WALRUS_ENABLED=N. */
  public org.eucalyptus.walrus.WalrusPorts walrusRootPorts() {
    return walrusRoot;
  }

  @Override
  public void close() {
    server.close();
    if (walrusRoot != null) {
      walrusRoot.close();
    }
    if (walrus != null) {
      walrus.close();
    }
    clc.close();
  }

  public static void main(String[] args) {
    // Preflight: the directories the cloud controller and Walrus keep their state in.
    ComponentArgs.run("eucalyptus-cloud", args, CloudMain::preflight, conf -> {
      CloudMain cloud = new CloudMain(conf);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        cloud.close();
        stopped.countDown();
      }, "shutdown"));
      System.out.println("eucalyptus-cloud: serving on port " + cloud.port()
          + (cloud.httpsPort() > 0 ? " and HTTPS on " + cloud.httpsPort() : "") + "; admin credentials in "
          + cloud.clc().dataDir().resolve("eucarc"));
      stopped.await();
    });
  }

  /** The directories the cloud controller and Walrus keep their state in, after the settings themselves. */
  static List<String> preflight(EucaConf conf) {
    ClcSettings clc;
    WalrusSettings walrus;
    try {
      clc = ClcSettings.from(conf);
      walrus = clc.walrusEnabled() ? walrusSettings(conf, clc) : null;
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    return HostChecks.collect(HostChecks.writableDir("CLC_DATA_DIR", clc.dataDir()),
        walrus != null ? HostChecks.writableDir("WALRUS_STORAGE_DIR", walrus.storageDir()) : null);
  }
}
