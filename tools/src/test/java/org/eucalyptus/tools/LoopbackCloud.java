package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.tools.admin.EucaAdmin;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A whole cloud on loopback for the console's tests: a node controller on libvirt's test driver, a
 * cluster controller and the cloud controller with Walrus, one image registered, the admin's SDK
 * clients, and the admin's first console password as the cloud wrote it.
 */
final class LoopbackCloud implements AutoCloseable {
  final NodeController nc;
  final ClusterController cc;
  final CloudMain cloud;
  final Ec2Client ec2;
  final IamClient iam;
  final String emi;
  final String adminPassword;

  LoopbackCloud(Path tmp) throws Exception {
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString()));
    nc.start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + nc.port())).with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port(),
        "CLC_USAGE_INTERVAL_SEC", "1")));
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        eucarc.toString(), "--file", image.toString())).isZero());
    emi = out.strip().split("\t")[1];
    var admin = cloud.clc().admin();
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(admin.accessKeyId(), admin.secretKey()));
    ec2 = Ec2Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(Apache5HttpClient.create()).build();
    iam = IamClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Euare"))
        .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(Apache5HttpClient.create()).build();
    adminPassword = Files.readString(cloud.clc().dataDir().resolve("console-admin-password"), StandardCharsets.UTF_8)
        .strip();
  }

  int httpsPort() {
    return cloud.httpsPort();
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {ec2, iam, cloud, cc, nc}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  /** The files of a credentials zip, by name. */
  static Map<String, String> unzip(byte[] zip) throws java.io.IOException {
    Map<String, String> files = new java.util.HashMap<>();
    try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (java.util.zip.ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        files.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** An EC2 client as a credentials zip's eucarc describes it: its URL (HTTPS) and keys, trusting the cloud CA only. */
  Ec2Client ec2From(Map<String, String> eucarc) {
    var ca = cloud.clc().ca().certificate();
    var http = Apache5HttpClient.builder().tlsTrustManagersProvider(() -> {
      try {
        return org.eucalyptus.common.http.ClientTrust.only(java.util.List.of(ca));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }).build();
    return Ec2Client.builder().endpointOverride(URI.create(eucarc.get("EC2_URL"))).region(Region.of("eucalyptus"))
        .httpClient(http).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            eucarc.get("EC2_ACCESS_KEY"), eucarc.get("EC2_SECRET_KEY")))).build();
  }

  /** The cloud administrator's S3 client, on the plain port. */
  software.amazon.awssdk.services.s3.S3Client adminS3() {
    var admin = cloud.clc().admin();
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Walrus")).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(admin.accessKeyId(), admin.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }
}
