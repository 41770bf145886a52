package org.eucalyptus.sc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.SoapRefusals;
import org.eucalyptus.common.soap.SoapService;
import org.eucalyptus.common.soap.security.SignatureCheckInInterceptor;
import org.eucalyptus.common.util.Versioned;
import org.eucalyptus.sc.api.StorageControllerService;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.iscsi.TgtAdmin;
import org.eucalyptus.sc.iscsi.TgtDaemon;
import org.eucalyptus.sc.iscsi.TgtQuiesce;
import org.eucalyptus.sc.iscsi.TgtTarget;
import org.eucalyptus.sc.snapshots.SnapshotCopies;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.ScDatabase;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.FileVolumes;
import org.eucalyptus.sc.volumes.FileCopyPointInTime;
import org.eucalyptus.sc.volumes.LvmSnapshotPointInTime;
import org.eucalyptus.sc.volumes.LvmVolumes;
import org.eucalyptus.sc.volumes.VolumeBackend;
import org.eucalyptus.sc.volumes.VolumeCreation;

/**
 * The storage controller's composition root: settings in, a SOAP service on SC_PORT out, with its
 * database, volume backend, tgt (its own tgtd with SC_START_TGTD=Y) and the pools that make volumes
 * and snapshots. At start it reconciles the host with its database before it serves.
 */
public final class StorageController implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StorageController.class);
  /** Volumes and snapshots made at once; more wait their turn. */
  static final int WORKERS = 4;

  private final ScSettings settings;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private HttpServer server;

  public StorageController(EucaConf conf) {
    this(ScSettings.from(conf));
  }

  public StorageController(ScSettings settings) {
    this.settings = settings;
  }

  /** Starts serving; on failure closes what it had started before it throws. */
  public StorageController start() throws IOException, InterruptedException {
    try {
      open();
      return this;
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException, InterruptedException {
    Path volumesDir = settings.volumesDir();
    Files.createDirectories(volumesDir);
    // The database holds the exports' CHAP passwords: root's only.
    Path dbDir = Files.createDirectories(volumesDir.resolve("db"));
    Files.setPosixFilePermissions(dbDir, PosixFilePermissions.fromString("rwx------"));
    Path copies = Files.createDirectories(volumesDir.resolve("copies"));
    ComponentKeys keys = ComponentKeys.open(settings.keysDir(), ComponentIdentity.STORAGE);

    CommandRunner runner = new CommandRunner(Duration.ofSeconds(30));
    ScSettings.Iscsi iscsi = settings.iscsi();
    TgtAdmin tgt = new TgtAdmin(runner, iscsi.controlPort());
    if (iscsi.startTgtd()) {
      opened.add(TgtDaemon.start(iscsi.controlPort(), iscsi.portal(), tgt, volumesDir.resolve("tgtd.log"),
          volumesDir.resolve("tgtd.pid"), Duration.ofSeconds(20)));
    }
    ScDatabase db = new ScDatabase(settings.database());
    opened.add(db);
    Versioned version = new Versioned();
    VolumeRows volumes = new VolumeRows(db, version);
    ExportRows exportRows = new ExportRows(db, version);
    SnapshotRows snapshots = new SnapshotRows(db, version);
    VolumeBackend backend = backend(volumesDir, copies);
    TgtQuiesce quiesce = new TgtQuiesce(runner, iscsi.controlPort());
    // A kill during a snapshot's copy leaves its target holding writes: ready every target again.
    try {
      for (TgtTarget t : tgt.targets()) {
        quiesce.release(t.tid());
      }
    } catch (CommandRunner.CommandException e) {
      throw new IOException("tgt does not list its targets: " + e.getMessage(), e);
    }
    Exports exports = new Exports(tgt, quiesce, iscsi.portalHost());
    Optional<WalrusSnapshots> walrus = settings.walrusUrl().map(u -> new WalrusSnapshots(u, keys,
        Duration.ofMinutes(10)));

    new Reconciliation(volumes, exportRows, snapshots, backend, exports, walrus, copies).run();

    ExecutorService pool = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "sc-work");
          t.setDaemon(true);
          return t;
        });
    opened.add(pool::shutdownNow);
    VolumeCreation creation = new VolumeCreation(backend, volumes, walrus, pool);
    SnapshotCopies snapshotCopies = new SnapshotCopies(backend, snapshots, exports, walrus, pool);
    StorageControllerService service = new StorageControllerService(new StorageControllerService.Parts(keys,
        volumes, exportRows, snapshots, version, backend, exports, creation, snapshotCopies, walrus, iscsi.portal(),
        Clock.systemUTC()));
    SoapService soap = SoapService.publish(ScSettings.PATH, service,
        // Once enrolled, only the cloud controller may call (it signs with the cloud CA's own key).
        List.of(new SignatureCheckInInterceptor(() -> keys.trust().map(ComponentKeys.Trust::cloudCa),
            Set.of("DescribeIdentity"), SignatureCheckInInterceptor.componentRoles(Set.of(ComponentIdentity.CLOUD)))));
    opened.add(soap);
    ScSettings.Server serving = settings.server();
    server = new HttpServer("sc", new InetSocketAddress(serving.bindAddr(), serving.port()),
        List.of(new HttpServer.Route(ScSettings.PATH, soap).withRefusals(SoapRefusals::answer)), serving.http())
        .start();
    LOG.info("storage controller ready on port {} (backend {}, iSCSI portal {})", server.port(),
        settings.backend().kind(), iscsi.portal());
  }

  /**
   * The operator's backend with its point-in-time copies. Copying and zeroing a whole volume can
   * take minutes, so those commands get a runner with a longer limit than tgtadm's.
   */
  private VolumeBackend backend(Path volumesDir, Path copies) throws IOException {
    CommandRunner longRunner = new CommandRunner(Duration.ofHours(2));
    if (settings.backend().lvm()) {
      String vg = settings.backend().volumeGroup();
      new LvmSnapshotPointInTime(vg, longRunner, 100).removeLeftovers();
      return new LvmVolumes(vg, longRunner);
    }
    FileCopyPointInTime copier = new FileCopyPointInTime(longRunner, copies);
    copier.removeLeftovers();
    return new FileVolumes(volumesDir.resolve("volumes"), copier, new CommandRunner(Duration.ofMinutes(1)),
        settings.backend().reserveBytes());
  }

  /** The port the SOAP service listens on (useful when SC_PORT=0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", opened.get(i), e.getMessage());
      }
    }
    opened.clear();
  }
}
