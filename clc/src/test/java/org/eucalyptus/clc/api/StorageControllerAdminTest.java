package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering a zone's storage controller through the Configuration service (on H2, and on PostgreSQL
 * in the build's second run): who may, what is refused and how, one per zone, moves, listing with the
 * reason it is not ready, deregistration refused while the zone has volumes or the cluster has an SC,
 * and the EBS actions' way to an SC refusing a zone without a usable one.
 */
@IntegrationTest
class StorageControllerAdminTest {
  @TempDir Path tmp;
  ClcApiFixture f;

  @BeforeEach
  void start() throws Exception {
    // Two zones whose cluster controllers are not running; storage controllers on a port nothing serves.
    f = new ClcApiFixture(tmp, Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9 zone2=127.0.0.1:9"));
  }

  @AfterEach
  void stop() {
    ClcApiFixture.closeAll(f);
  }

  private HttpResponse<String> call(AccessKeyOwner key, String action, String... params) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", action);
    p.put("Version", "eucalyptus");
    for (int i = 0; i < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    String body = QuerySigner.formBody(p);
    URI uri = URI.create(f.base() + "/services/Configuration");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "ec2").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> admin(String action, String... params) throws Exception {
    return call(f.clc.admin(), action, params);
  }

  private static void refused(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body().replace("&apos;", "'")).contains("<Code>" + code + "</Code>").contains(message)
        .doesNotContain("Exception");
  }

  @Test
  void registerListMoveAndDeregister() throws Exception {
    AccessKeyOwner tenant = f.newAccount("sc-tenant");
    refused(call(tenant, "RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.1"), 403,
        "AuthFailure", "Only the cloud administrator registers storage controllers");
    refused(call(tenant, "DescribeStorageControllers"), 403, "AuthFailure", "Only the cloud administrator");
    refused(call(tenant, "DeregisterStorageController", "Name", "sc1"), 403, "AuthFailure", "Only the cloud");

    refused(admin("RegisterStorageController", "Host", "127.0.0.1"), 400, "MissingParameter", "Partition");
    refused(admin("RegisterStorageController", "Partition", "zone9", "Host", "127.0.0.1"), 400,
        "InvalidParameterValue", "No cluster zone9 is registered: register the zone as a cluster first.");
    refused(admin("RegisterStorageController", "Partition", "zone1", "Host", "bad host!"), 400,
        "InvalidParameterValue", "is a host name or address, not 'bad host!'");
    refused(admin("RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.1", "Port", "70000"), 400,
        "InvalidParameterValue", "port is 1-65535, not 70000");
    refused(admin("RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.1", "Name", "../x"), 400,
        "InvalidParameterValue", "Storage controller names are letters");

    HttpResponse<String> reg = admin("RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.1",
        "Port", "9", "Name", "sc1");
    assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
    assertThat(reg.body()).contains("<name>sc1</name>", "<partition>zone1</partition>", "<port>9</port>",
        "<trust>not enrolled yet: the storage controller does not answer</trust>");
    // One storage controller per zone; a name stays with its zone.
    refused(admin("RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.2", "Name", "sc2"), 400,
        "InvalidState", "Zone zone1 already has storage controller sc1; deregister it first.");
    refused(admin("RegisterStorageController", "Partition", "zone2", "Host", "127.0.0.2", "Name", "sc1"), 400,
        "InvalidState", "Storage controller sc1 serves zone zone1; deregister it before registering it for zone2.");
    // Registering it again moves it.
    assertThat(admin("RegisterStorageController", "Partition", "zone1", "Host", "127.0.0.1", "Port", "19",
        "Name", "sc1").body()).contains("<port>19</port>");
    // Without a name it is named after its zone, on the SC's default port.
    assertThat(admin("RegisterStorageController", "Partition", "zone2", "Host", "127.0.0.1").body())
        .contains("<name>zone2</name>", "<port>8776</port>");

    String listed = admin("DescribeStorageControllers").body();
    assertThat(listed).contains("<name>sc1</name><partition>zone1</partition><hostName>127.0.0.1</hostName>"
        + "<port>19</port><state>NOTREADY</state><serviceUrl>http://127.0.0.1:19/services/Storage</serviceUrl>"
        + "<detail>not enrolled yet: the storage controller does not answer</detail>");
    assertThat(listed).contains("<name>zone2</name><partition>zone2</partition>");
    assertThat(admin("DescribeServices").body()).contains("<serviceType>storage</serviceType><serviceName>sc1"
        + "</serviceName><partition>zone1</partition><localState>NOTREADY</localState>"
        + "<serviceUrl>http://127.0.0.1:19/services/Storage</serviceUrl>"
        + "<reason>not enrolled yet: the storage controller does not answer</reason>");

    // The EBS actions' way to an SC: refused for a zone whose SC is not enrolled, or without one.
    assertThatThrownBy(() -> f.clc.storageControllers().forZone("zone1"))
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.resource()).isEqualTo(ResourceKind.STORAGE);
          assertThat(e).hasMessage("The storage controller of zone zone1 is not ready: not enrolled yet: the storage"
              + " controller does not answer.");
          ApiException api = ApiErrors.of(e);
          assertThat(api.code()).isEqualTo("Unavailable");
          assertThat(api.status().code()).isEqualTo(503);
        });
    assertThat(admin("DeregisterStorageController", "Partition", "zone2").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> f.clc.storageControllers().forZone("zone2"))
        .isInstanceOf(UnavailableException.class).hasMessage("Zone zone2 has no storage controller registered.");
    assertThat(f.clc.storageControllers().zones()).containsExactly("zone1");

    // A cluster keeps its registration while its zone has a storage controller.
    refused(admin("DeregisterCluster", "Name", "zone1"), 400, "InvalidState",
        "Cluster zone1 still has storage controller sc1; deregister it first.");

    // A storage controller stays while its zone has volumes (the volumes' table, migration V16).
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         Statement s = c.createStatement()) {
      s.execute("create table if not exists volumes (volume_id varchar(16) primary key,"
          + " account_number varchar(12) not null, user_id varchar(32), zone varchar(64) not null,"
          + " size_gib integer not null, snapshot_id varchar(16), state varchar(16) not null,"
          + " state_reason varchar(255), create_time timestamp(6) with time zone not null)");
      s.execute("insert into volumes (volume_id, account_number, zone, size_gib, state, create_time)"
          + " values ('vol-0000aa01', '000000000001', 'zone1', 1, 'available', current_timestamp)");
      s.execute("insert into volumes (volume_id, account_number, zone, size_gib, state, create_time)"
          + " values ('vol-0000aa02', '000000000001', 'zone2', 1, 'available', current_timestamp)");
      refused(admin("DeregisterStorageController", "Name", "sc1"), 400, "InvalidState",
          "Zone zone1 still has 1 volume(s); delete them before deregistering its storage controller sc1.");
      s.execute("update volumes set state = 'deleted' where volume_id = 'vol-0000aa01'");
    }
    refused(admin("DeregisterStorageController"), 400, "MissingParameter", "Name the storage controller");
    refused(admin("DeregisterStorageController", "Name", "sc9"), 400, "InvalidParameterValue",
        "No storage controller sc9 is registered.");
    refused(admin("DeregisterStorageController", "Partition", "zone9"), 400, "InvalidParameterValue",
        "Zone zone9 has no storage controller registered.");
    assertThat(admin("DeregisterStorageController", "Name", "sc1").body()).contains("<return>true</return>");
    assertThat(admin("DescribeStorageControllers").body()).doesNotContain("<item>");
    assertThat(admin("DeregisterCluster", "Name", "zone1").statusCode()).isEqualTo(200);
  }
}
