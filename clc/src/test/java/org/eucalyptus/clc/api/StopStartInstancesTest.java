package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * StopInstances and StartInstances through the real Query API with the AWS SDK for Java v2 (which
 * must parse EC2's StoppingInstances/StartingInstances), on a cloud whose cluster does not answer:
 * which instances may stop or start, EC2's errors for the others, and the states the answers and
 * DescribeInstances show. The cluster's part (the domain torn down and launched again, the volumes
 * kept) runs against real components in the tools module's StopStartEbsEndToEndTest.
 */
@IntegrationTest
class StopStartInstancesTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner owner;
  static AccessKeyOwner other;

  @BeforeAll
  static void start() throws Exception {
    // A registered cluster that need not run (connections to port 9 are refused at once).
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9"));
    owner = f.newAccount("stopper");
    other = f.newAccount("stranger");
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  /** An instance of the account in zone1, in {@code state}, booting from EBS or from its image. */
  static String instance(AccessKeyOwner who, String state, boolean ebs) throws Exception {
    String id = "i-" + UUID.randomUUID().toString().substring(0, 8);
    try (var c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         var st = c.prepareStatement("insert into instances (instance_id, reservation_id, account_number, user_id,"
             + " image_id, vm_type, cluster, node, state, launch_index, mac_address, launch_time, state_changed,"
             + " root_device_type, root_device_name, disable_api_termination) values (?, 'r-00000001', ?, ?,"
             + " 'emi-00000001', 'm1.small', 'zone1', 'http://127.0.0.1:8775/axis2/services/EucalyptusNC', ?, 0,"
             + " 'd0:0d:00:00:00:01', ?, ?, ?, ?, false)")) {
      st.setString(1, id);
      st.setString(2, who.accountNumber());
      st.setString(3, who.userId());
      st.setString(4, state);
      st.setTimestamp(5, Timestamp.from(Instant.now()));
      st.setTimestamp(6, Timestamp.from(Instant.now()));
      st.setString(7, ebs ? "ebs" : "instance-store");
      st.setString(8, ebs ? "/dev/sda1" : null);
      st.executeUpdate();
    }
    return id;
  }

  static Ec2Exception refused(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  static Instance described(Ec2Client ec2, String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  @Test
  void onlyEbsBackedInstancesStop() throws Exception {
    String store = instance(owner, "running", false);
    try (Ec2Client ec2 = f.ec2(owner)) {
      Ec2Exception e = refused(() -> ec2.stopInstances(r -> r.instanceIds(store)));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The instance '" + store
          + "' does not have an 'ebs' root device type and cannot be stopped.");
      assertThat(described(ec2, store).state().name()).isEqualTo(InstanceStateName.RUNNING);
    }
  }

  @Test
  void aRunningEbsInstanceGoesStoppingAndAStoppedOneIsAnsweredAsItIs() throws Exception {
    String running = instance(owner, "running", true);
    String stopped = instance(owner, "stopped", true);
    try (Ec2Client ec2 = f.ec2(owner)) {
      var answer = ec2.stopInstances(r -> r.instanceIds(running, stopped).force(true)).stoppingInstances();
      assertThat(answer).extracting(InstanceStateChange::instanceId).containsExactlyInAnyOrder(running, stopped);
      InstanceStateChange first = answer.stream().filter(a -> a.instanceId().equals(running)).findFirst().orElseThrow();
      assertThat(first.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
      assertThat(first.previousState().code()).isEqualTo(16);
      assertThat(first.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
      assertThat(first.currentState().code()).isEqualTo(64);
      InstanceStateChange second = answer.stream().filter(a -> a.instanceId().equals(stopped)).findFirst().orElseThrow();
      assertThat(second.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
      assertThat(second.currentState().code()).isEqualTo(80);

      Instance now = described(ec2, running);
      assertThat(now.state().name()).isEqualTo(InstanceStateName.STOPPING);
      assertThat(now.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
      // Stopping again while it stops: answered as it is.
      assertThat(ec2.stopInstances(r -> r.instanceIds(running)).stoppingInstances().get(0).currentState().name())
          .isEqualTo(InstanceStateName.STOPPING);
    }
  }

  @Test
  void instancesInOtherStatesAreIncorrectInstanceStateAndNothingMoves() throws Exception {
    String running = instance(owner, "running", true);
    String pending = instance(owner, "pending", true);
    String terminated = instance(owner, "terminated", true);
    String stopping = instance(owner, "stopping", true);
    String store = instance(owner, "running", false);
    try (Ec2Client ec2 = f.ec2(owner)) {
      for (String id : new String[] {pending, terminated}) {
        Ec2Exception e = refused(() -> ec2.stopInstances(r -> r.instanceIds(running, id)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IncorrectInstanceState");
        assertThat(e.awsErrorDetails().errorMessage()).contains(id);
      }
      assertThat(described(ec2, running).state().name()).isEqualTo(InstanceStateName.RUNNING);
      for (String id : new String[] {running, pending, terminated, stopping, store}) {
        Ec2Exception e = refused(() -> ec2.startInstances(r -> r.instanceIds(id)));
        assertThat(e.awsErrorDetails().errorCode()).as(id).isEqualTo("IncorrectInstanceState");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("This instance '" + id
            + "' is not in a state from which it can be started.");
      }
    }
  }

  @Test
  void unknownAndOtherAccountsInstancesAreNotFound() throws Exception {
    String theirs = instance(other, "stopped", true);
    try (Ec2Client ec2 = f.ec2(owner)) {
      Ec2Exception e = refused(() -> ec2.stopInstances(r -> r.instanceIds("i-0000dead")));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
      e = refused(() -> ec2.startInstances(r -> r.instanceIds(theirs)));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
      e = refused(() -> ec2.startInstances(r -> r.instanceIds("bogus")));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed");
      e = refused(() -> ec2.stopInstances(r -> r.instanceIds(java.util.List.of())));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
    }
  }

  /** A start that cannot be made (here its image is gone) leaves the instance stopped, not lost. */
  @Test
  void aStartThatCannotBeMadeLeavesTheInstanceStopped() throws Exception {
    String stopped = instance(owner, "stopped", true);
    try (Ec2Client ec2 = f.ec2(owner)) {
      Ec2Exception e = refused(() -> ec2.startInstances(r -> r.instanceIds(stopped)));
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorMessage()).contains("emi-00000001");
      assertThat(described(ec2, stopped).state().name()).isEqualTo(InstanceStateName.STOPPED);
    }
  }

  @Test
  void aStoppedInstanceIsTerminatedAtOnce() throws Exception {
    String stopped = instance(owner, "stopped", true);
    try (Ec2Client ec2 = f.ec2(owner)) {
      InstanceStateChange t = ec2.terminateInstances(r -> r.instanceIds(stopped)).terminatingInstances().get(0);
      assertThat(t.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
      assertThat(t.currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
    }
  }
}
