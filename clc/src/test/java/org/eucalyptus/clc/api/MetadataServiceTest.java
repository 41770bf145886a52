package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The metadata service answers each instance about itself, knowing it by the address it calls from
 * (here loopback addresses an instance is given, as the cluster would give private and public ones).
 */
@IntegrationTest
class MetadataServiceTest {
  @TempDir static Path dir;
  static ClcApiFixture f;
  static String publicKey;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(dir);
    AccessKeyOwner alice = f.newAccount("meta-alice");
    try (Ec2Client ec2 = f.ec2(alice)) {
      ec2.createKeyPair(r -> r.keyName("meta-key"));
      publicKey = ec2.describeKeyPairs(r -> r.keyNames("meta-key")).keyPairs().get(0).keyName();
      String group = ec2.describeSecurityGroups(r -> r.groupNames("default")).securityGroups().get(0).groupId();
      insert("i-0e7a0001", alice.accountNumber(), alice.userId(), "127.0.0.44", "127.0.0.45", "running", group,
          Base64.getEncoder().encodeToString("#!/bin/sh\necho hello metadata\n".getBytes(StandardCharsets.UTF_8)));
      insert("i-0e7a0002", alice.accountNumber(), alice.userId(), "127.0.0.47", null, "terminated", group, null);
    }
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  static void insert(String id, String account, String user, String privateIp, String publicIp, String state,
      String group, String userData) throws Exception {
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
        PreparedStatement st = c.prepareStatement("insert into instances (instance_id, reservation_id, account_number,"
            + " user_id, image_id, kernel_id, vm_type, cluster, state, key_name, user_data, launch_index, mac_address,"
            + " private_ip, public_ip, group_ids, launch_time, state_changed)"
            + " values (?, 'r-0e7a0001', ?, ?, 'emi-0e7a0001', 'eki-0e7a0001', 'm1.small', 'cluster01', ?, 'meta-key',"
            + " ?, 0, 'd0:0d:0e:7a:00:01', ?, ?, ?, ?, ?)")) {
      st.setString(1, id);
      st.setString(2, account);
      st.setString(3, user);
      st.setString(4, state);
      st.setString(5, userData);
      st.setString(6, privateIp);
      st.setString(7, publicIp);
      st.setString(8, group);
      Timestamp now = Timestamp.from(Instant.now());
      st.setTimestamp(9, now);
      st.setTimestamp(10, now);
      st.executeUpdate();
    }
  }

  record Reply(int status, String body) {}

  /** A plain GET from a given local address, as an instance's wget would send it. */
  static Reply get(String from, String path) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", f.server.port()));
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(resp.substring(9, 12));
      return new Reply(status, resp.substring(resp.indexOf("\r\n\r\n") + 4));
    }
  }

  @Test
  void anInstanceReadsItsOwnMetadata() throws Exception {
    String me = "127.0.0.44";
    assertThat(get(me, "/latest/meta-data/instance-id")).isEqualTo(new Reply(200, "i-0e7a0001"));
    assertThat(get(me, "/latest/").body()).isEqualTo("dynamic/\nmeta-data/\nuser-data");
    String listing = get(me, "/latest/meta-data/").body();
    assertThat(listing.split("\n")).contains("ami-id", "ami-launch-index", "block-device-mapping/", "hostname",
        "instance-id", "instance-type", "kernel-id", "local-ipv4", "placement/", "public-ipv4", "public-keys/",
        "reservation-id", "security-groups");
    assertThat(get(me, "/latest/meta-data/ami-id").body()).isEqualTo("emi-0e7a0001");
    assertThat(get(me, "/latest/meta-data/kernel-id").body()).isEqualTo("eki-0e7a0001");
    assertThat(get(me, "/latest/meta-data/instance-type").body()).isEqualTo("m1.small");
    assertThat(get(me, "/latest/meta-data/reservation-id").body()).isEqualTo("r-0e7a0001");
    assertThat(get(me, "/latest/meta-data/local-ipv4").body()).isEqualTo("127.0.0.44");
    assertThat(get(me, "/latest/meta-data/public-ipv4").body()).isEqualTo("127.0.0.45");
    assertThat(get(me, "/latest/meta-data/placement/availability-zone").body()).isEqualTo("cluster01");
    assertThat(get(me, "/latest/meta-data/security-groups").body()).isEqualTo("default");
    assertThat(get(me, "/latest/meta-data/block-device-mapping/root").body()).isEqualTo("/dev/sda1");
    assertThat(get(me, "/latest/meta-data/public-keys/").body()).isEqualTo("0=meta-key");
    assertThat(get(me, "/latest/meta-data/public-keys/0/openssh-key").body()).startsWith("ssh-rsa ");
    assertThat(get(me, "/latest/user-data").body()).isEqualTo("#!/bin/sh\necho hello metadata\n");
    // Dated versions, and the public address, find the same instance.
    assertThat(get(me, "/2009-04-04/meta-data/instance-id").body()).isEqualTo("i-0e7a0001");
    assertThat(get("127.0.0.45", "/latest/meta-data/instance-id").body()).isEqualTo("i-0e7a0001");
  }

  @Test
  void unknownKeysAndStrangersGetNotFound() throws Exception {
    Reply unknown = get("127.0.0.44", "/latest/meta-data/no-such-key");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("Not Found");
    assertThat(get("127.0.0.44", "/latest/meta-data/instance-id/deeper").status()).isEqualTo(404);
    assertThat(get("127.0.0.46", "/latest/meta-data/instance-id").status()).isEqualTo(404); // no instance there
    assertThat(get("127.0.0.47", "/latest/meta-data/instance-id").status()).isEqualTo(404); // terminated
    // Other paths are not the metadata service's: the EC2 Query service answers them, in its own format.
    Reply other = get("127.0.0.44", "/latest-news");
    assertThat(other.body()).doesNotContain("i-0e7a0001").contains("<Response><Errors><Error>");
  }
}
