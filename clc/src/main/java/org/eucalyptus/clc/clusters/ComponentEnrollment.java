package org.eucalyptus.clc.clusters;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.clc.pki.ComponentCredentialsCheck;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.wsdl.cc.DescribeIdentity;
import org.eucalyptus.wsdl.cc.DescribeIdentityResponse;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentities;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.InstallCredentials;
import org.eucalyptus.wsdl.cc.InstallNodeCredentials;
import org.eucalyptus.wsdl.cc.NodeIdentityType;

/**
 * Hands every cluster controller and node controller the cloud knows of its certificate: reads the
 * public key each made on its own host, certifies it with the cloud CA, and installs the
 * certificate with the CA's (nodes through their cluster controller). From then on each takes only
 * calls signed by its own cloud. Runs on registration and every few seconds, so components that
 * were down, or listed in eucalyptus.conf rather than registered, are enrolled when they answer.
 * A cluster's nodes are certified and sent their certificates some at a time
 * ({@link #INSTALLS_AT_ONCE}), so a cluster of hundreds is enrolled in a few round trips, and a
 * node slow to take its certificate (its cluster controller waits for it a bounded time) holds up
 * only itself.
 *
 * <p>Trust on first contact, as with SSH host keys: a component takes the first cloud that
 * enrols it, and refuses any other after that (remove its keys directory to move it).
 */
public final class ComponentEnrollment implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ComponentEnrollment.class);

  private final ClusterRegistry clusters;
  private final ClusterClients clients;
  private final CloudCa ca;
  private final String caPem;
  private final ComponentCredentialsCheck check;
  /** The certificates of the nodes found enrolled, for the storage controllers' CHAP secrets (clc-plumbing). */
  private final EnrolledNodeCertificates nodeCertificates;
  /**
   * What the last check of each component found, by "cluster name" or "cluster name/host:port":
   * {@link #ENROLLED}, or why it is not. A component not checked yet has no entry, and is not
   * taken for enrolled.
   */
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private static final String ENROLLED = "enrolled";
  private static final String NOT_CHECKED = "not enrolled yet: the cloud has not reached it";
  private ScheduledExecutorService timer;
  /** How many nodes' certificates go out at once (each is a call through the cluster controller to its node). */
  static final int INSTALLS_AT_ONCE = 16;
  private final ExecutorService installs;
  /**
   * Whether the timer's rounds enrol (this front end leads), or only check what each component holds
   * (a follower: its states and the nodes' certificates are filled all the same). A registration
   * through this front end enrols either way.
   */
  private final java.util.function.BooleanSupplier timerEnrols;
  private static final String LEADER_ENROLS = "not enrolled yet: the leading front end enrols it";

  public ComponentEnrollment(ClusterRegistry clusters, ClusterClients clients, CloudCa ca) {
    this(clusters, clients, ca, new EnrolledNodeCertificates());
  }

  public ComponentEnrollment(ClusterRegistry clusters, ClusterClients clients, CloudCa ca,
      EnrolledNodeCertificates nodeCertificates) {
    this(clusters, clients, ca, nodeCertificates, () -> true);
  }

  public ComponentEnrollment(ClusterRegistry clusters, ClusterClients clients, CloudCa ca,
      EnrolledNodeCertificates nodeCertificates, java.util.function.BooleanSupplier timerEnrols) {
    this.timerEnrols = timerEnrols;
    this.clusters = clusters;
    this.clients = clients;
    this.ca = ca;
    this.caPem = ca.certificatePem();
    this.check = new ComponentCredentialsCheck(ca);
    this.nodeCertificates = nodeCertificates;
    this.installs = Executors.newFixedThreadPool(INSTALLS_AT_ONCE, r -> {
      Thread t = new Thread(r, "clc-enrollment-install");
      t.setDaemon(true);
      return t;
    });
  }

  /** Enrols now and then every {@code period}. */
  public synchronized ComponentEnrollment start(Duration period) {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clc-enrollment");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::enrollAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void enrollAll() {
    boolean install = timerEnrols.getAsBoolean();
    for (Cluster c : clusters.list()) {
      try {
        enroll(c, install);
      } catch (RuntimeException e) {
        LOG.warn("enrolling cluster {} failed: {}", c.name(), e.getMessage());
      }
    }
  }

  /** Why the cluster controller of {@code cluster} does not trust this cloud yet, if it does not. */
  public Optional<String> problem(String cluster) {
    return problemIn(states.get(cluster));
  }

  /** The same for one of its nodes. */
  public Optional<String> problem(String cluster, String host, int port) {
    return problemIn(states.get(cluster + "/" + host + ":" + port));
  }

  private static Optional<String> problemIn(String state) {
    return ENROLLED.equals(state) ? Optional.empty() : Optional.of(state == null ? NOT_CHECKED : state);
  }

  /**
   * Enrols the cluster controller of {@code c} if it is not, then each of its nodes that is not.
   * Serialized, so that the timer and a registration do not certify one key twice at once.
   */
  public void enroll(Cluster c) {
    enroll(c, true);
  }

  /** As {@link #enroll(Cluster)}; with {@code install} false only checks (and remembers) what each holds. */
  private synchronized void enroll(Cluster c, boolean install) {
    EucalyptusCCPortType cc = clients.forCluster(c);
    DescribeIdentityResponse id;
    try {
      id = cc.describeIdentity(new DescribeIdentity());
    } catch (jakarta.xml.ws.soap.SOAPFaultException e) {
      record(c.name(), "the cluster controller refused to say who it is: " + e.getMessage(), "cluster " + c.name());
      return;
    } catch (Exception e) {
      states.put(c.name(), "not enrolled yet: the cluster controller does not answer");
      return;
    }
    String ccProblem = enrollCluster(c, cc, id, install);
    record(c.name(), ccProblem, "cluster " + c.name());
    if (ccProblem != null) {
      return; // it would refuse our signed calls, the relaying to its nodes too
    }
    try {
      java.util.Set<String> listed = new java.util.HashSet<>();
      List<CompletableFuture<Void>> enrolled = new ArrayList<>();
      for (NodeIdentityType n : cc.describeNodeIdentities(new DescribeNodeIdentities()).getNodes()) {
        listed.add(EnrolledNodeCertificates.node(n.getHost(), n.getPort()));
        enrolled.add(CompletableFuture.runAsync(() -> record(c.name() + "/" + n.getHost() + ":" + n.getPort(),
            enrollNode(c, cc, n, install), "node " + n.getHost() + ":" + n.getPort() + " of cluster " + c.name()), installs));
      }
      CompletableFuture.allOf(enrolled.toArray(CompletableFuture[]::new)).join();
      nodeCertificates.retain(c.name(), listed); // nodes deregistered from the cluster
    } catch (Exception e) {
      LOG.warn("cluster {} could not list its nodes' identities: {}", c.name(), e.getMessage());
    }
  }

  private void record(String key, String problem, String what) {
    String before = states.put(key, problem == null ? ENROLLED : problem);
    if (problem != null && !problem.equals(before)) {
      LOG.warn("{}: {}", what, problem);
    }
  }

  /** Null once the cluster controller holds a certificate of ours for its key; else what is wrong. */
  private String enrollCluster(Cluster c, EucalyptusCCPortType cc, DescribeIdentityResponse id, boolean install) {
    String state = current(id.getPublicKey(), id.getCertificate(), id.getCloudCertificate());
    if (state == null || !state.equals(UNENROLLED)) {
      return state;
    }
    if (!install) {
      return LEADER_ENROLS;
    }
    try {
      X509Certificate cert = ca.certifyComponent(ComponentIdentity.CLUSTER, c.name(),
          Pem.publicKey(id.getPublicKey()));
      InstallCredentials req = new InstallCredentials();
      req.setCertificate(Pem.write(cert));
      req.setCloudCertificate(caPem);
      cc.installCredentials(req);
      LOG.info("cluster controller {} at {} enrolled", c.name(), c.serviceUrl());
      return null;
    } catch (Exception e) {
      return "not enrolled: " + e.getMessage();
    }
  }

  private String enrollNode(Cluster c, EucalyptusCCPortType cc, NodeIdentityType n, boolean install) {
    if (n.getError() != null) {
      return "not enrolled yet: " + n.getError();
    }
    String state = current(n.getPublicKey(), n.getCertificate(), n.getCloudCertificate());
    if (state == null) {
      nodeCertificates.remember(c.name(), n.getHost(), n.getPort(), n.getCertificate());
      return null;
    }
    nodeCertificates.forget(c.name(), n.getHost(), n.getPort()); // another cloud's, or a new key
    if (!state.equals(UNENROLLED)) {
      return state;
    }
    if (!install) {
      return LEADER_ENROLS;
    }
    try {
      X509Certificate cert = ca.certifyComponent(ComponentIdentity.NODE, n.getHost(),
          Pem.publicKey(n.getPublicKey()));
      InstallNodeCredentials req = new InstallNodeCredentials();
      req.setHost(n.getHost());
      req.setPort(n.getPort());
      req.setCertificate(Pem.write(cert));
      req.setCloudCertificate(caPem);
      cc.installNodeCredentials(req);
      nodeCertificates.remember(c.name(), n.getHost(), n.getPort(), req.getCertificate());
      LOG.info("node {}:{} of cluster {} enrolled", n.getHost(), n.getPort(), c.name());
      return null;
    } catch (Exception e) {
      return "not enrolled: " + e.getMessage();
    }
  }

  private static final String UNENROLLED = ComponentCredentialsCheck.UNENROLLED;

  private String current(String publicKeyPem, String certPem, String cloudCertPem) {
    return check.problem(publicKeyPem, certPem, cloudCertPem);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    installs.shutdownNow();
  }
}
