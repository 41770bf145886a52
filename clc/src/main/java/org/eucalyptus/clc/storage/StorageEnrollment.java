package org.eucalyptus.clc.storage;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.clc.pki.ComponentCredentialsCheck;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.wsdl.sc.DescribeIdentity;
import org.eucalyptus.wsdl.sc.DescribeIdentityResponse;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.sc.InstallCredentials;

/**
 * Hands every registered storage controller its certificate, as the cluster controllers get theirs
 * (ComponentEnrollment): reads the public key the SC made on its host (DescribeIdentity), certifies
 * it with the cloud CA (role storage, the SC's name) and installs it with the CA's certificate
 * (InstallCredentials). Runs on registration and every CLC_ENROLL_INTERVAL_SEC, and keeps what each
 * last check found, which DescribeServices reports and {@link StorageControllers} goes by.
 */
public final class StorageEnrollment implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StorageEnrollment.class);
  private static final String ENROLLED = "enrolled";
  private static final String NOT_CHECKED = "not enrolled yet: the cloud has not reached it";
  private static final String NO_ANSWER = "not enrolled yet: the storage controller does not answer";

  private final StorageControllerRegistry registry;
  private final StorageControllerClients clients;
  private final CloudCa ca;
  private final ComponentCredentialsCheck check;
  /** By SC name and address ("name@url"), so that a moved SC is checked afresh. */
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;
  /** Whether the timer's rounds enrol (this front end leads) or only check; a registration enrols either way. */
  private final java.util.function.BooleanSupplier timerEnrols;

  public StorageEnrollment(StorageControllerRegistry registry, StorageControllerClients clients, CloudCa ca) {
    this(registry, clients, ca, () -> true);
  }

  public StorageEnrollment(StorageControllerRegistry registry, StorageControllerClients clients, CloudCa ca,
      java.util.function.BooleanSupplier timerEnrols) {
    this.timerEnrols = timerEnrols;
    this.registry = registry;
    this.clients = clients;
    this.ca = ca;
    this.check = new ComponentCredentialsCheck(ca);
  }

  /** Enrols now and then every {@code period}. */
  public synchronized StorageEnrollment start(Duration period) {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clc-storage-enrollment");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::enrollAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void enrollAll() {
    try {
      boolean install = timerEnrols.getAsBoolean();
      for (StorageController sc : registry.list()) {
        enroll(sc, install);
      }
    } catch (RuntimeException e) {
      LOG.warn("enrolling the storage controllers failed: {}", e.getMessage());
    }
  }

  /** Why {@code sc} does not take the cloud's calls (yet), if it does not. */
  public Optional<String> problem(StorageController sc) {
    String state = states.get(key(sc));
    return ENROLLED.equals(state) ? Optional.empty() : Optional.of(state == null ? NOT_CHECKED : state);
  }

  /** Enrols {@code sc} if it is not, and records what it found. Serialized with the timer's rounds. */
  public void enroll(StorageController sc) {
    enroll(sc, true);
  }

  private synchronized void enroll(StorageController sc, boolean install) {
    String problem = enrollNow(sc, install);
    String before = states.put(key(sc), problem == null ? ENROLLED : problem);
    if (problem != null && !problem.equals(before)) {
      LOG.warn("storage controller {} of zone {}: {}", sc.name(), sc.zone(), problem);
    }
  }

  private String enrollNow(StorageController sc, boolean install) {
    EucalyptusSCPortType client = clients.forController(sc);
    DescribeIdentityResponse id;
    try {
      id = client.describeIdentity(new DescribeIdentity());
    } catch (jakarta.xml.ws.soap.SOAPFaultException e) {
      return "the storage controller refused to say who it is: " + e.getMessage();
    } catch (Exception e) {
      return NO_ANSWER;
    }
    String state = check.problem(id.getPublicKey(), id.getCertificate(), id.getCloudCertificate());
    if (state == null || !state.equals(ComponentCredentialsCheck.UNENROLLED)) {
      return state;
    }
    if (!install) {
      return "not enrolled yet: the leading front end enrols it";
    }
    try {
      X509Certificate cert = ca.certifyComponent(ComponentIdentity.STORAGE, sc.name(), Pem.publicKey(id.getPublicKey()));
      InstallCredentials req = new InstallCredentials();
      req.setCertificate(Pem.write(cert));
      req.setCloudCertificate(ca.certificatePem());
      client.installCredentials(req);
      LOG.info("storage controller {} of zone {} at {} enrolled", sc.name(), sc.zone(), sc.serviceUrl());
      return null;
    } catch (Exception e) {
      return "not enrolled: " + e.getMessage();
    }
  }

  private static String key(StorageController sc) {
    return sc.name() + "@" + sc.serviceUrl();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
