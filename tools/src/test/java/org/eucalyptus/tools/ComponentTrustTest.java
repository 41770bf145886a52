package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeIdentity;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcInstallCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Trust between the components, with a real CLC, CC and NC (libvirt's test driver): registering
 * the cluster and the node with euca_conf hands each its certificate (its private key never leaves
 * it), instances run through the signed CLC -> CC -> NC chain, and from then on the node and the
 * cluster controller refuse every caller they do not trust: unsigned, a user of the same cloud, a
 * node of the same cloud, another cloud's components, and another cloud controller trying to take
 * the cluster over.
 */
@IntegrationTest
class ComponentTrustTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  CloudMain otherCloud;

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100",
        "NC_KEYS_DIR", tmp.resolve("nc-keys").toString()))).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1",
        "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()))).start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString())));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {otherCloud, cloud, cc, nc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void registrationEnrolsEachComponentWhichThenRefusesCallersItDoesNotTrust() throws Exception {
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    assertThat(tmp.resolve("nc-keys")).doesNotExist();

    EucaConfTest.Run reg = EucaConfTest.confAs(eucarc, "--register-cluster", "--partition", "cluster01", "--host",
        "127.0.0.1", "--port", String.valueOf(cc.port()));
    assertThat(reg.status()).as(reg.out()).isZero();
    CloudCa ca = cloud.clc().ca();
    Path ccKeys = tmp.resolve("cc-keys");
    assertThat(Files.getPosixFilePermissions(ccKeys.resolve("cluster-pk.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    X509Certificate ccCert = Pem.readCertificate(ccKeys.resolve("cluster-cert.pem"));
    assertThat(ComponentIdentity.role(ccCert)).isEqualTo(ComponentIdentity.CLUSTER);
    assertThat(Pem.readCertificate(ccKeys.resolve("cloud-cert.pem"))).isEqualTo(ca.certificate());
    // The certificate is for the key made on the cluster controller's host; the cloud never saw the private key.
    assertThat(ccCert.getPublicKey().getEncoded()).isNotEmpty();
    ccCert.verify(ca.certificate().getPublicKey());

    String node = "127.0.0.1:" + nc.port();
    EucaConfTest.Run nodes = EucaConfTest.confAs(eucarc, "--register-nodes", node);
    assertThat(nodes.status()).as(nodes.out()).isZero();
    Path ncKeys = tmp.resolve("nc-keys");
    assertThat(ComponentIdentity.role(Pem.readCertificate(ncKeys.resolve("node-cert.pem"))))
        .isEqualTo(ComponentIdentity.NODE);
    EndToEndTest.awaitTrue("the node ENABLED", Duration.ofSeconds(30), () -> EucaConfTest.confAs(eucarc,
        "--list-services").out().contains("SERVICE\tnode\tcluster01\t" + node + "\tENABLED\t"));
    assertThat(EucaConfTest.confAs(eucarc, "--list-nodes").out()).contains("\tenrolled");

    // Instances run through the signed chain: the CLC signs as the cloud, the CC as the cluster.
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc,
        "--file", image.toString())).isZero()).strip().split("\t")[1];
    try (Ec2Client ec2 = NodeRegistrationTest.ec2(cloud)) {
      String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
          .instances().get(0).instanceId();
      EndToEndTest.awaitTrue("running", Duration.ofSeconds(30), () -> ec2.describeInstances(r -> r.instanceIds(id))
          .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING);
      ec2.terminateInstances(r -> r.instanceIds(id));
    }

    String ncUrl = "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC";
    String ccUrl = "http://127.0.0.1:" + cc.port() + "/axis2/services/EucalyptusCC";

    // Unsigned: refused, except the public key, which anyone may read.
    EucalyptusNCPortType anonymous = nodeClient(ncUrl, null, null);
    assertThatThrownBy(() -> anonymous.ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("the request is not signed");
    assertThat(anonymous.ncDescribeIdentity(new NcDescribeIdentity()).getCertificate()).contains("BEGIN CERTIFICATE");
    assertThatThrownBy(() -> clusterClient(ccUrl, null, null).describeResources(new DescribeResources()))
        .hasMessageContaining("the request is not signed");

    // Nobody can re-enrol the node with credentials of their own: unsigned, it is refused outright.
    CloudCa foreign = CloudCa.loadOrCreate(tmp.resolve("foreign-ca"));
    NcInstallCredentials takeover = new NcInstallCredentials();
    takeover.setCertificate(foreign.issueComponent(ComponentIdentity.NODE, "127.0.0.1").certificatePem());
    takeover.setCloudCertificate(foreign.certificatePem());
    assertThatThrownBy(() -> anonymous.ncInstallCredentials(takeover)).hasMessageContaining("not signed");
    assertThat(Pem.readCertificate(ncKeys.resolve("cloud-cert.pem"))).isEqualTo(ca.certificate());

    // A user of this very cloud, signing with the certificate of their credentials: not a component.
    CloudCa.Issued user = ca.issue("000000000001", "alice");
    assertThatThrownBy(() -> nodeClient(ncUrl, user, ca).ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("may not call ncDescribeResource here");
    // Another node of this cloud may not drive this node, nor the cluster controller.
    CloudCa.Issued otherNode = ca.issueComponent(ComponentIdentity.NODE, "10.9.9.9");
    assertThatThrownBy(() -> nodeClient(ncUrl, otherNode, ca).ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("may not call");
    assertThatThrownBy(() -> clusterClient(ccUrl, otherNode, ca).describeResources(new DescribeResources()))
        .hasMessageContaining("only a cloud of this cloud may");
    // A cluster controller of this cloud drives the node: what the CC itself does.
    CloudCa.Issued aCluster = ca.issueComponent(ComponentIdentity.CLUSTER, "127.0.0.1");
    assertThat(nodeClient(ncUrl, aCluster, ca).ncDescribeResource(new NcDescribeResource()).getNodeStatus())
        .isNotNull();
    // Another cloud's cluster controller: its certificate does not chain to this cloud's CA.
    CloudCa.Issued foreignCluster = foreign.issueComponent(ComponentIdentity.CLUSTER, "127.0.0.1");
    assertThatThrownBy(() -> nodeClient(ncUrl, foreignCluster, foreign).ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("not by a certificate of this cloud");

    // A second cloud controller pointed at the same cluster controller cannot take it over, and says why.
    otherCloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("other-clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port())));
    String otherEucarc = otherCloud.clc().dataDir().resolve("eucarc").toString();
    EndToEndTest.awaitTrue("the other cloud's listing says why", Duration.ofSeconds(30), () ->
        EucaConfTest.confAs(otherEucarc, "--list-services").out().contains("trusts another cloud's CA"));
    assertThat(EucaConfTest.confAs(otherEucarc, "--list-services").out())
        .contains("SERVICE\tcluster\tcluster01\tcluster01\tNOTREADY\t");
    assertThat(Pem.readCertificate(ccKeys.resolve("cloud-cert.pem"))).isEqualTo(ca.certificate());
    assertThat(EucaConfTest.confAs(eucarc, "--list-services").out())
        .contains("SERVICE\tcluster\tcluster01\tcluster01\tENABLED\t")
        .contains("SERVICE\tnode\tcluster01\t" + node + "\tENABLED\t");
  }

  private static SigningIdentity identity(CloudCa.Issued who, CloudCa issuer) throws Exception {
    return new SigningIdentity(Pem.privateKey(who.privateKeyPem()), who.certificate(), issuer.certificate());
  }

  private static EucalyptusNCPortType nodeClient(String url, CloudCa.Issued who, CloudCa issuer) throws Exception {
    Optional<SigningIdentity> id = who == null ? Optional.empty() : Optional.of(identity(who, issuer));
    return WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(20)), () -> id);
  }

  private static EucalyptusCCPortType clusterClient(String url, CloudCa.Issued who, CloudCa issuer)
      throws Exception {
    Optional<SigningIdentity> id = who == null ? Optional.empty() : Optional.of(identity(who, issuer));
    return WsSecurity.signing(SoapClients.create(EucalyptusCCPortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(20)), () -> id);
  }
}
