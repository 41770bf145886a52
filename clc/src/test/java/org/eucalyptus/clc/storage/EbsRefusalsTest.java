package org.eucalyptus.clc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eucalyptus.clc.api.ApiErrors;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.storage.EbsRefusals.Component;
import org.eucalyptus.testfixtures.UnitTest;
import org.eucalyptus.wsdl.types.EucalyptusFault;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.Test;

/**
 * What the EBS actions answer for each fault the storage controller, or the cluster controller
 * relaying its node, can send: the request's mistakes keep EC2's 4xx code and the component's
 * sentence; a failing or unreachable component is Unavailable (503) in the cloud's words only.
 */
@UnitTest
class EbsRefusalsTest {
  private static String ec2(Component who, String code, String message) {
    EucalyptusFault info = new EucalyptusFault();
    info.setCode(code);
    info.setMessage(message);
    ApiException a = ApiErrors.of(EbsRefusals.of(who, "zone1", "attach volume vol-1 to i-2",
        new EucalyptusFault_Exception(code + ": " + message, info)));
    return a.code() + " " + a.status().code() + " " + a.getMessage();
  }

  @Test
  void theRequestsMistakesKeepEc2sCodes() {
    assertThat(ec2(Component.STORAGE, "VolumeNotFound", "no volume vol-1"))
        .isEqualTo("InvalidVolume.NotFound 400 Could not attach volume vol-1 to i-2: no volume vol-1");
    assertThat(ec2(Component.STORAGE, "SnapshotNotFound", "no snapshot snap-1"))
        .startsWith("InvalidSnapshot.NotFound 400 ");
    assertThat(ec2(Component.STORAGE, "IncorrectState", "volume vol-1 is creating, not available"))
        .isEqualTo("IncorrectState 400 Could not attach volume vol-1 to i-2: volume vol-1 is creating, not available");
    assertThat(ec2(Component.STORAGE, "InvalidParameterValue", "size must be 1 to 1024 GiB"))
        .startsWith("InvalidParameterValue 400 ");
    assertThat(ec2(Component.CLUSTER, "InvalidParameter", "instanceId is required"))
        .startsWith("InvalidParameterValue 400 ");
    assertThat(ec2(Component.CLUSTER, "InstanceNotFound", "no instance i-2 in this cluster"))
        .startsWith("InvalidInstanceID.NotFound 400 ");
    assertThat(ec2(Component.CLUSTER, "IncorrectState", "instance i-2 is Teardown")).startsWith("IncorrectState 400 ");
    assertThat(ec2(Component.CLUSTER, "VolumeInUse", "the device is taken")).startsWith("VolumeInUse 400 ");
    assertThat(ec2(Component.CLUSTER, "VolumeLimitExceeded", "the instance has no free disk device left"))
        .startsWith("AttachmentLimitExceeded 400 ");
    assertThat(ec2(Component.STORAGE, "InsufficientVolumeCapacity", "only 3 GiB free"))
        .isEqualTo("InsufficientVolumeCapacity 503 Could not attach volume vol-1 to i-2: the storage controller of zone"
            + " zone1 has no room for it.");
  }

  @Test
  void aComponentsOwnFailureIsUnavailableWithoutItsText() {
    assertThat(ec2(Component.STORAGE, "InternalError", "internal error: java.io.IOException: tgtadm failed"))
        .isEqualTo("Unavailable 503 Could not attach volume vol-1 to i-2: the storage controller of zone zone1 failed"
            + " (InternalError); try again later.");
    assertThat(ec2(Component.CLUSTER, "NodeError", "Connection refused")).isEqualTo("Unavailable 503 Could not attach"
        + " volume vol-1 to i-2: the cluster controller of zone zone1 failed (NodeError); try again later.");
    assertThat(ec2(Component.STORAGE, "InvalidCredentials", "not enrolled")).startsWith("Unavailable 503 ");
  }

  @Test
  void anUnreachableComponentIsUnavailableAndOurOwnFailureStaysOurs() {
    ApiException a = ApiErrors.of(EbsRefusals.of(Component.STORAGE, "zone1", "delete volume vol-1",
        new jakarta.xml.ws.WebServiceException("Could not send Message.", new java.net.ConnectException("refused"))));
    assertThat(a.code() + " " + a.status().code() + " " + a.getMessage()).isEqualTo("Unavailable 503 Could not delete"
        + " volume vol-1: the storage controller of zone zone1 cannot be reached or did not accept the cloud's call;"
        + " try again later.");
    IllegalStateException bug = new IllegalStateException("a bug of ours");
    assertThatThrownBy(() -> EbsRefusals.of(Component.STORAGE, "zone1", "delete volume vol-1", bug)).isSameAs(bug);
  }
}
