package org.eucalyptus.common.policy;

import java.util.Set;

/** Eucalyptus 3.1's quota keys, used in Limit statements' conditions. */
public final class Quotas {
  public static final String VM_INSTANCE_NUMBER = "ec2:quota-vminstancenumber";
  public static final String IMAGE_NUMBER = "ec2:quota-imagenumber";
  public static final String ADDRESS_NUMBER = "ec2:quota-addressnumber";
  public static final String VOLUME_NUMBER = "ec2:quota-volumenumber";
  public static final String VOLUME_TOTAL_SIZE = "ec2:quota-volumetotalsize";
  public static final String SNAPSHOT_NUMBER = "ec2:quota-snapshotnumber";
  public static final String BUCKET_NUMBER = "s3:quota-bucketnumber";
  public static final String BUCKET_OBJECT_NUMBER = "s3:quota-bucketobjectnumber";
  public static final String BUCKET_TOTAL_SIZE = "s3:quota-buckettotalsize";
  public static final String USER_NUMBER = "iam:quota-usernumber";
  public static final String GROUP_NUMBER = "iam:quota-groupnumber";

  public static final Set<String> KEYS = Set.of(VM_INSTANCE_NUMBER, IMAGE_NUMBER, ADDRESS_NUMBER, VOLUME_NUMBER,
      VOLUME_TOTAL_SIZE, SNAPSHOT_NUMBER, BUCKET_NUMBER, BUCKET_OBJECT_NUMBER, BUCKET_TOTAL_SIZE, USER_NUMBER,
      GROUP_NUMBER);

  private Quotas() {}
}
