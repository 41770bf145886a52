package org.eucalyptus.cc.api;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.NonBlockingCalls;
import org.eucalyptus.wsdl.cc.DescribeIdentity;
import org.eucalyptus.wsdl.cc.DescribeIdentityResponse;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentities;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentitiesResponse;
import org.eucalyptus.wsdl.cc.InstallCredentials;
import org.eucalyptus.wsdl.cc.InstallCredentialsResponse;
import org.eucalyptus.wsdl.cc.InstallNodeCredentials;
import org.eucalyptus.wsdl.cc.InstallNodeCredentialsResponse;
import org.eucalyptus.wsdl.cc.NodeIdentityType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeIdentity;
import org.eucalyptus.wsdl.nc.NcDescribeIdentityResponse;
import org.eucalyptus.wsdl.nc.NcInstallCredentials;
import org.eucalyptus.wsdl.nc.NcInstallCredentialsResponse;

/**
 * How the cloud controller enrols this cluster controller and, through it, the cluster's nodes:
 * each shows its public key (DescribeIdentity, DescribeNodeIdentities), the cloud certifies it, and
 * the certificate comes back (InstallCredentials, InstallNodeCredentials). Private keys stay on
 * their hosts. Once enrolled, the endpoint takes these calls only signed by the cloud controller.
 *
 * <p>The nodes are asked all at once, each within {@link #NODE_ANSWER_WAIT}, through the same
 * non-blocking calls that follow them: a node's first answer makes its key (real work), and a
 * wedged node must not hold up the others, so the answer takes about as long as the slowest node
 * allowed, whatever their number. A node late for this round is enrolled at the cloud's next one.
 *
 * <p>The cloud asks every few seconds, for every node. A node's answer is kept and given again while
 * the node stays up: its keys change only when its node controller restarts, which its monitor sees
 * as a failed call (the node is down once more), or when credentials are installed through here,
 * which forgets it. At a thousand nodes, asking each every round was most of what an idle cluster
 * controller did (each call signed).
 */
final class TrustHandlers {
  private static final Logger LOG = LogManager.getLogger(TrustHandlers.class);
  private final ComponentKeys keys;
  /** How long a node has to answer (well within the cloud controller's own wait for the whole answer). */
  static final Duration NODE_ANSWER_WAIT = Duration.ofSeconds(15);
  private final NodeRegistry nodes;
  private final NonBlockingCalls calls;
  /** An adopted client ({@link NonBlockingCalls#adopt}), signing once enrolled: each call names its node. */
  private final EucalyptusNCPortType client;
  /** The longest a node's answer is given again: a bound on what any missed change could cost. */
  static final Duration IDENTITY_KEPT = Duration.ofMinutes(5);
  /** A node's last answer, and what the node was when it was asked. */
  private record Known(Node node, long downs, long askedAtNanos, NcDescribeIdentityResponse answer) {}
  private final java.util.Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

  TrustHandlers(ComponentKeys keys, NodeRegistry nodes, NonBlockingCalls calls, EucalyptusNCPortType client) {
    this.keys = keys;
    this.nodes = nodes;
    this.calls = calls;
    this.client = client;
  }

  DescribeIdentityResponse describe(DescribeIdentity req) throws IOException {
    ComponentKeys.Identity id = keys.identity();
    DescribeIdentityResponse resp = new DescribeIdentityResponse();
    resp.setPublicKey(id.publicKeyPem());
    resp.setCertificate(id.certificatePem());
    resp.setCloudCertificate(id.cloudCertificatePem());
    resp.setReturn(true);
    return resp;
  }

  InstallCredentialsResponse install(InstallCredentials req) throws CcException, IOException {
    ComponentKeys.Trust t;
    try {
      t = keys.installPem(req.getCertificate(), req.getCloudCertificate());
    } catch (GeneralSecurityException e) {
      throw new CcException("InvalidCredentials", "the credentials were not installed: " + e.getMessage());
    }
    LOG.info("enrolled as {}, trusting {}", t.certificate().getSubjectX500Principal().getName(),
        t.cloudCa().getSubjectX500Principal().getName());
    InstallCredentialsResponse resp = new InstallCredentialsResponse();
    resp.setReturn(true);
    return resp;
  }

  /** Every node's identity as it reports it; a node that does not answer in time says why instead. */
  DescribeNodeIdentitiesResponse describeNodes(DescribeNodeIdentities req) {
    List<Node> all = nodes.all();
    List<CompletableFuture<NcDescribeIdentityResponse>> asked = new ArrayList<>(all.size());
    long now = System.nanoTime();
    for (Node n : all) {
      Known k = known.get(n.serviceTag());
      if (k != null && k.node() == n && n.up() && n.downs() == k.downs()
          && now - k.askedAtNanos() < IDENTITY_KEPT.toNanos()) {
        asked.add(CompletableFuture.completedFuture(k.answer()));
        continue;
      }
      long downs = n.downs(); // before the call: a node down during it is asked again next time
      asked.add(calls.call(client, n.serviceTag(), "ncDescribeIdentity", new NcDescribeIdentity(),
          NcDescribeIdentityResponse.class, NODE_ANSWER_WAIT).whenComplete((id, e) -> {
            if (id != null) {
              known.put(n.serviceTag(), new Known(n, downs, now, id));
            }
          }));
    }
    DescribeNodeIdentitiesResponse resp = new DescribeNodeIdentitiesResponse();
    for (int i = 0; i < all.size(); i++) {
      URI u = URI.create(all.get(i).serviceTag());
      NodeIdentityType t = new NodeIdentityType();
      t.setHost(u.getHost());
      t.setPort(u.getPort());
      try {
        NcDescribeIdentityResponse id = asked.get(i).join(); // each ends by its own deadline
        t.setPublicKey(id.getPublicKey());
        t.setCertificate(id.getCertificate());
        t.setCloudCertificate(id.getCloudCertificate());
      } catch (CompletionException | CancellationException e) {
        t.setError(ClusterFaults.brief(cause(e)));
      }
      resp.getNodes().add(t);
    }
    resp.setReturn(true);
    return resp;
  }

  private static Exception cause(RuntimeException e) {
    return e instanceof CompletionException && e.getCause() instanceof Exception c ? c : e;
  }

  /** Relays the node's certificate to it, signed by this cluster controller (which the node will trust). */
  InstallNodeCredentialsResponse installNode(InstallNodeCredentials req) throws CcException {
    Node n;
    try {
      n = nodes.find(req.getHost(), req.getPort());
    } catch (NodeRegistry.RegistrationException e) {
      throw new CcException("InvalidParameterValue", e.getMessage());
    }
    known.remove(n.serviceTag()); // it holds other credentials after this, or may
    NcInstallCredentials nc = new NcInstallCredentials();
    nc.setCertificate(req.getCertificate());
    nc.setCloudCertificate(req.getCloudCertificate());
    try {
      // Bounded like the identities: the cloud sends one node's certificate after another.
      calls.call(client, n.serviceTag(), "ncInstallCredentials", nc, NcInstallCredentialsResponse.class,
          NODE_ANSWER_WAIT).join();
    } catch (CompletionException | CancellationException e) {
      throw new CcException("NodeRefused", "node " + req.getHost() + " did not take its credentials: "
          + ClusterFaults.brief(cause(e)));
    }
    known.remove(n.serviceTag()); // and an answer read while the call went on is not the node's now
    LOG.info("node {} enrolled", n.serviceTag());
    InstallNodeCredentialsResponse resp = new InstallNodeCredentialsResponse();
    resp.setReturn(true);
    return resp;
  }
}
