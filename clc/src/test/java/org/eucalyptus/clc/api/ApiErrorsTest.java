package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.ClusterFailureException;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InsufficientCapacityException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * The one table from domain errors to the Query APIs' codes and HTTP status: the codes and statuses
 * the stores' refusals had before they were domain exceptions (EC2's for compute resources, IAM's
 * for identity ones), and the message passed on as it is.
 */
@UnitTest
class ApiErrorsTest {
  private static String mapped(DomainException e) {
    ApiException a = ApiErrors.of(e);
    assertThat(a.getMessage()).isEqualTo(e.getMessage());
    return a.code() + " " + a.status().code();
  }

  @Test
  void identityResourcesGetIamCodes() {
    assertThat(mapped(new NotFoundException(ResourceKind.USER, "m"))).isEqualTo("NoSuchEntity 404");
    assertThat(mapped(new NotFoundException(ResourceKind.ACCESS_KEY, "m"))).isEqualTo("NoSuchEntity 404");
    assertThat(mapped(new NotFoundException(ResourceKind.SIGNING_CERTIFICATE, "m"))).isEqualTo("NoSuchEntity 404");
    assertThat(mapped(new NotFoundException(ResourceKind.ACCOUNT, "m"))).isEqualTo("NoSuchEntity 404");
    assertThat(mapped(new AlreadyExistsException(ResourceKind.USER, "m"))).isEqualTo("EntityAlreadyExists 409");
    assertThat(mapped(new AlreadyExistsException(ResourceKind.ACCOUNT, "m"))).isEqualTo("EntityAlreadyExists 409");
    assertThat(mapped(new ConflictException(ResourceKind.USER, "m"))).isEqualTo("DeleteConflict 409");
    assertThat(mapped(new ConflictException(ResourceKind.ACCOUNT, "m"))).isEqualTo("DeleteConflict 409");
    assertThat(mapped(new NotPermittedException(ResourceKind.USER, "m"))).isEqualTo("DeleteConflict 409");
    assertThat(mapped(new NotPermittedException(ResourceKind.ACCOUNT, "m"))).isEqualTo("DeleteConflict 409");
    assertThat(mapped(new LimitExceededException(ResourceKind.ACCESS_KEY, "m"))).isEqualTo("LimitExceeded 409");
    assertThat(mapped(new InvalidException(ResourceKind.USER, "m"))).isEqualTo("ValidationError 400");
    assertThat(mapped(new InvalidException(ResourceKind.ACCOUNT, "m"))).isEqualTo("ValidationError 400");
  }

  @Test
  void computeResourcesGetEc2Codes() {
    assertThat(mapped(new AlreadyExistsException(ResourceKind.KEY_PAIR, "m"))).isEqualTo("InvalidKeyPair.Duplicate 400");
    assertThat(mapped(new AlreadyExistsException(ResourceKind.SECURITY_GROUP, "m")))
        .isEqualTo("InvalidGroup.Duplicate 400");
    assertThat(mapped(new AlreadyExistsException(ResourceKind.SECURITY_GROUP_RULE, "m")))
        .isEqualTo("InvalidPermission.Duplicate 400");
    assertThat(mapped(new NotFoundException(ResourceKind.SECURITY_GROUP_RULE, "m")))
        .isEqualTo("InvalidPermission.NotFound 400");
    assertThat(mapped(new ConflictException(ResourceKind.SECURITY_GROUP, "m"))).isEqualTo("InvalidGroup.InUse 400");
    assertThat(mapped(new NotPermittedException(ResourceKind.SECURITY_GROUP, "m"))).isEqualTo("CannotDelete 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.TAG, "m"))).isEqualTo("TagLimitExceeded 400");
    assertThat(mapped(new NotFoundException(ResourceKind.ADDRESS, "m"))).isEqualTo("InvalidAddress.NotFound 400");
    assertThat(mapped(new NotFoundException(ResourceKind.INSTANCE, "m"))).isEqualTo("InvalidInstanceID.NotFound 400");
    assertThat(mapped(new InvalidException(ResourceKind.ADDRESS, "m"))).isEqualTo("InvalidParameterValue 400");
    assertThat(mapped(new ConflictException(ResourceKind.ADDRESS, "m"))).isEqualTo("InvalidParameterValue 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.ADDRESS, "m"))).isEqualTo("AddressLimitExceeded 400");
    assertThat(mapped(new NotPermittedException(ResourceKind.INSTANCE, "m"))).isEqualTo("OperationNotPermitted 400");
    assertThat(mapped(new InvalidException(ResourceKind.AVAILABILITY_ZONE, "m"))).isEqualTo("InvalidParameterValue 400");
    assertThat(mapped(new ConflictException(ResourceKind.CLUSTER, "m"))).isEqualTo("InvalidState 400");
  }

  @Test
  void quotasFaultWithEachServicesOwnCode() {
    assertThat(mapped(new LimitExceededException(ResourceKind.INSTANCE, "m"))).isEqualTo("InstanceLimitExceeded 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.IMAGE, "m"))).isEqualTo("ResourceLimitExceeded 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.ADDRESS, "m"))).isEqualTo("AddressLimitExceeded 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.USER, "m"))).isEqualTo("LimitExceeded 409");
    assertThat(mapped(new NotFoundException(ResourceKind.IMAGE, "m"))).isEqualTo("InvalidAMIID.NotFound 400");
  }

  /**
   * A lock the database could not give in time (H2's own timeout here, from a real second
   * transaction holding the row) is the retryable ServiceUnavailable, not InternalError.
   */
  @Test
  void aLockNotHadInTimeIsRetryable() throws Exception {
    String url = "jdbc:h2:mem:locks" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=100";
    try (java.sql.Connection holder = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Connection waiter = java.sql.DriverManager.getConnection(url, "sa", "")) {
      holder.createStatement().execute("create table instances (instance_id varchar(20) primary key)");
      holder.createStatement().execute("insert into instances values ('i-00000001')");
      holder.setAutoCommit(false);
      holder.createStatement().executeQuery("select * from instances where instance_id = 'i-00000001' for update");
      waiter.setAutoCommit(false);
      java.sql.SQLException timedOut = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
          () -> waiter.createStatement().executeQuery("select * from instances where instance_id = 'i-00000001' for update"));
      // As Hibernate hands it on: wrapped.
      ApiException a = QueryService.asFault(new jakarta.persistence.LockTimeoutException("lock", timedOut));
      assertThat(a).isNotNull();
      assertThat(a.code() + " " + a.status().code()).isEqualTo("ServiceUnavailable 503");
    }
    assertThat(QueryService.asFault(new RuntimeException(new java.sql.SQLException("deadlock", "40P01"))).code())
        .isEqualTo("ServiceUnavailable");
    assertThat(QueryService.asFault(new RuntimeException(new java.sql.SQLException("lock", "55P03"))).code())
        .isEqualTo("ServiceUnavailable");
  }

  @Test
  void aClusterThatCannotLaunchIsTheCloudsFault() {
    assertThat(mapped(new UnavailableException(ResourceKind.INSTANCE, "m"))).isEqualTo("Unavailable 503");
    assertThat(mapped(new InsufficientCapacityException(ResourceKind.INSTANCE, "m")))
        .isEqualTo("InsufficientInstanceCapacity 500");
    assertThat(mapped(new ClusterFailureException(ResourceKind.INSTANCE, "m"))).isEqualTo("InternalError 500");
  }

  @Test
  void volumesGetEc2sEbsCodes() {
    assertThat(mapped(new NotFoundException(ResourceKind.VOLUME, "m"))).isEqualTo("InvalidVolume.NotFound 400");
    assertThat(mapped(new NotFoundException(ResourceKind.VOLUME_ATTACHMENT, "m")))
        .isEqualTo("InvalidAttachment.NotFound 400");
    assertThat(mapped(new ConflictException(ResourceKind.VOLUME, "m"))).isEqualTo("IncorrectState 400");
    assertThat(mapped(new ConflictException(ResourceKind.INSTANCE, "m"))).isEqualTo("IncorrectState 400");
    assertThat(mapped(new ConflictException(ResourceKind.VOLUME_ATTACHMENT, "m"))).isEqualTo("VolumeInUse 400");
    assertThat(mapped(new ConflictException(ResourceKind.AVAILABILITY_ZONE, "m")))
        .isEqualTo("InvalidVolume.ZoneMismatch 400");
    assertThat(mapped(new LimitExceededException(ResourceKind.VOLUME, "m"))).isEqualTo("VolumeLimitExceeded 400");
    assertThat(mapped(new UnavailableException(ResourceKind.STORAGE, "m"))).isEqualTo("Unavailable 503");
  }
}
