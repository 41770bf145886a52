package org.eucalyptus.cc.api;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.wsdl.cc.DescribeIdentity;
import org.eucalyptus.wsdl.cc.DescribeIdentityResponse;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentities;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentitiesResponse;
import org.eucalyptus.wsdl.cc.InstallCredentials;
import org.eucalyptus.wsdl.cc.InstallCredentialsResponse;
import org.eucalyptus.wsdl.cc.InstallNodeCredentials;
import org.eucalyptus.wsdl.cc.InstallNodeCredentialsResponse;
import org.eucalyptus.wsdl.cc.NodeIdentityType;
import org.eucalyptus.wsdl.nc.NcDescribeIdentity;
import org.eucalyptus.wsdl.nc.NcDescribeIdentityResponse;
import org.eucalyptus.wsdl.nc.NcInstallCredentials;

/**
 * How the cloud controller enrols this cluster controller and, through it, the cluster's nodes:
 * each shows its public key (DescribeIdentity, DescribeNodeIdentities), the cloud certifies it, and
 * the certificate comes back (InstallCredentials, InstallNodeCredentials). Private keys stay on
 * their hosts. Once enrolled, the endpoint takes these calls only signed by the cloud controller.
 */
final class TrustHandlers {
  private static final Logger LOG = LogManager.getLogger(TrustHandlers.class);
  private final ComponentKeys keys;
  private final NodeRegistry nodes;

  TrustHandlers(ComponentKeys keys, NodeRegistry nodes) {
    this.keys = keys;
    this.nodes = nodes;
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

  /** Every node's identity as it reports it; a node that does not answer says why instead. */
  DescribeNodeIdentitiesResponse describeNodes(DescribeNodeIdentities req) {
    DescribeNodeIdentitiesResponse resp = new DescribeNodeIdentitiesResponse();
    for (Node n : nodes.all()) {
      URI u = URI.create(n.serviceTag());
      NodeIdentityType t = new NodeIdentityType();
      t.setHost(u.getHost());
      t.setPort(u.getPort());
      try {
        NcDescribeIdentityResponse id = n.client().ncDescribeIdentity(new NcDescribeIdentity());
        t.setPublicKey(id.getPublicKey());
        t.setCertificate(id.getCertificate());
        t.setCloudCertificate(id.getCloudCertificate());
      } catch (Exception e) {
        t.setError(ClusterFaults.brief(e));
      }
      resp.getNodes().add(t);
    }
    resp.setReturn(true);
    return resp;
  }

  /** Relays the node's certificate to it, signed by this cluster controller (which the node will trust). */
  InstallNodeCredentialsResponse installNode(InstallNodeCredentials req) throws CcException {
    Node n;
    try {
      n = nodes.find(req.getHost(), req.getPort());
    } catch (NodeRegistry.RegistrationException e) {
      throw new CcException("InvalidParameterValue", e.getMessage());
    }
    NcInstallCredentials nc = new NcInstallCredentials();
    nc.setCertificate(req.getCertificate());
    nc.setCloudCertificate(req.getCloudCertificate());
    try {
      n.client().ncInstallCredentials(nc);
    } catch (Exception e) {
      throw new CcException("NodeRefused", "node " + req.getHost() + " did not take its credentials: "
          + ClusterFaults.brief(e));
    }
    LOG.info("node {} enrolled", n.serviceTag());
    InstallNodeCredentialsResponse resp = new InstallNodeCredentialsResponse();
    resp.setReturn(true);
    return resp;
  }
}
