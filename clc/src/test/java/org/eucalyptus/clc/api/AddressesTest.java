package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Elastic addresses: pools, allocation, release, isolation, and state across a CLC restart. */
@IntegrationTest
class AddressesTest {
  @TempDir Path tmp;

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static Ec2Client ec2(int port, AccessKeyOwner k) {
    return Ec2Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(k.accessKeyId(), k.secretKey())))
        .build();
  }

  @Test
  void allocateReleaseAndSurviveARestart() throws Exception {
    // A cluster that is registered but not running: addresses are the CLC's business.
    TestDatabases.TestDatabase db = TestDatabases.create(System.getProperty("euca.test.db", "h2"), tmp);
    EucaConf conf = ClcApiFixture.conf(tmp, db).with("CLC_CLUSTERS", "zone1=127.0.0.1:9");
    String allocated;
    AccessKeyOwner tenantKey;
    try (CloudController clc = new CloudController(conf).start();
         HttpServer server = new HttpServer("t", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
         Ec2Client admin = ec2(server.port(), clc.admin())) {
      clc.identity().createAccount("addr-tenant");
      tenantKey = clc.identity().createAccessKey("addr-tenant", "admin");
      try (Ec2Client tenant = ec2(server.port(), tenantKey)) {
        assertThatThrownBy(tenant::allocateAddress).satisfies(e -> assertThat(code(e)).isEqualTo("AddressLimitExceeded"));
        Ec2QueryApiTestSupport.post(server.port(), clc.admin(), Map.of("Action", "SetClusterAddresses",
            "Version", "2012-05-01", "ClusterName", "zone1", "PublicIp.1", "198.51.100.10-198.51.100.11"));
        allocated = tenant.allocateAddress().publicIp();
        assertThat(allocated).isEqualTo("198.51.100.10");
        String second = admin.allocateAddress().publicIp();
        assertThatThrownBy(tenant::allocateAddress).satisfies(e -> assertThat(code(e)).isEqualTo("AddressLimitExceeded"));
        assertThat(tenant.describeAddresses().addresses()).extracting(a -> a.publicIp()).containsExactly(allocated);
        // Another account's address is not yours to release or associate.
        assertThatThrownBy(() -> tenant.releaseAddress(r -> r.publicIp(second)))
            .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAddress.NotFound"));
        assertThatThrownBy(() -> tenant.associateAddress(r -> r.publicIp(second).instanceId("i-12345678")))
            .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAddress.NotFound"));
        // A pool cannot drop an address in use.
        var r = Ec2QueryApiTestSupport.post(server.port(), clc.admin(), Map.of("Action", "SetClusterAddresses",
            "Version", "2012-05-01", "ClusterName", "zone1", "PublicIp.1", "198.51.100.11"));
        assertThat(r.body()).contains("198.51.100.10 is in use");
        admin.releaseAddress(x -> x.publicIp(second));
      }
    }
    try (CloudController clc = new CloudController(conf).start();
         HttpServer server = new HttpServer("t", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
         Ec2Client tenant = ec2(server.port(), tenantKey)) {
      assertThat(tenant.describeAddresses().addresses()).extracting(a -> a.publicIp()).containsExactly(allocated);
      tenant.releaseAddress(r -> r.publicIp(allocated));
      assertThat(tenant.describeAddresses().addresses()).isEmpty();
    } finally {
      db.drop().run();
    }
  }

  @Test
  void aRefusedPoolChangeLeavesThePoolAsItWas() throws Exception {
    TestDatabases.TestDatabase db = TestDatabases.create(System.getProperty("euca.test.db", "h2"), tmp);
    EucaConf conf = ClcApiFixture.conf(tmp, db).with("CLC_CLUSTERS", "zone1=127.0.0.1:9");
    try (CloudController clc = new CloudController(conf).start();
         HttpServer server = new HttpServer("t", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
         Ec2Client admin = ec2(server.port(), clc.admin())) {
      Ec2QueryApiTestSupport.post(server.port(), clc.admin(), Map.of("Action", "SetClusterAddresses",
          "Version", "2012-05-01", "ClusterName", "zone1", "PublicIp.1", "198.51.100.20-198.51.100.22"));
      String first = admin.allocateAddress().publicIp();
      String inUse = admin.allocateAddress().publicIp();
      assertThat(List.of(first, inUse)).containsExactly("198.51.100.20", "198.51.100.21");
      admin.releaseAddress(r -> r.publicIp(first));
      // .20 (free) would leave first, then .21 (allocated) refuses the change: nothing of it may stay done.
      var r = Ec2QueryApiTestSupport.post(server.port(), clc.admin(), Map.of("Action", "SetClusterAddresses",
          "Version", "2012-05-01", "ClusterName", "zone1", "PublicIp.1", "198.51.100.22"));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("<Code>InvalidParameterValue</Code>").contains("198.51.100.21 is in use");
      assertThat(admin.allocateAddress().publicIp()).isEqualTo("198.51.100.20");
    } finally {
      db.drop().run();
    }
  }
}
