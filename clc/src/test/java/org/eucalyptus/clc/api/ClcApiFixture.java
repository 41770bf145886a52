package org.eucalyptus.clc.api;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** A cloud controller on a loopback port with its embedded database, for API tests. */
public final class ClcApiFixture implements AutoCloseable {
  public final CloudController clc;
  public final HttpServer server;

  public ClcApiFixture(Path dataDir) throws Exception {
    clc = new CloudController(EucaConf.of(Map.of("CLC_DATA_DIR", dataDir.toString()))).start();
    server = new HttpServer("clc-test", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Ec2Client ec2(AccessKeyOwner key) {
    return ec2(key.accessKeyId(), key.secretKey());
  }

  public Ec2Client ec2(String accessKey, String secret) {
    return Ec2Client.builder()
        .endpointOverride(URI.create(base() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(ApacheHttpClient.create())
        .build();
  }

  /** A new account with an access key for its admin user. */
  public AccessKeyOwner newAccount(String name) {
    clc.identity().createAccount(name);
    return clc.identity().createAccessKey(name, "admin");
  }

  @Override
  public void close() {
    server.close();
    clc.close();
  }
}
