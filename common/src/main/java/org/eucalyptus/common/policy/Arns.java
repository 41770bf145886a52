package org.eucalyptus.common.policy;

/**
 * The resource names policies match against. EC2's and S3's carry no region or account, as
 * Eucalyptus 3.1 wrote them ({@code arn:aws:ec2:::instance/i-12345678},
 * {@code arn:aws:s3:::bucket/key}); IAM's carry the account ({@code arn:aws:iam::ACCOUNT:user/PATH/NAME}).
 */
public final class Arns {
  /** EC2's resource types, as 3.1 named them in policies. */
  public static final String IMAGE = "image";
  public static final String INSTANCE = "instance";
  public static final String KEY_PAIR = "keypair";
  public static final String SECURITY_GROUP = "securitygroup";
  public static final String ADDRESS = "address";
  public static final String VOLUME = "volume";
  public static final String SNAPSHOT = "snapshot";
  public static final String AVAILABILITY_ZONE = "availabilityzone";
  public static final String VM_TYPE = "vmtype";

  private Arns() {}

  public static String ec2(String type, String id) {
    return "arn:aws:ec2:::" + type + "/" + id;
  }

  public static String s3Bucket(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  public static String s3Object(String bucket, String key) {
    return "arn:aws:s3:::" + bucket + "/" + key;
  }

  /** {@code path} starts and ends with {@code /}. */
  public static String iamUser(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":user" + path + name;
  }

  public static String iamGroup(String account, String path, String name) {
    return "arn:aws:iam::" + account + ":group" + path + name;
  }

  /** The account itself, for actions on no user or group (aliases, the account summary, account policies). */
  public static String iamAccount(String account) {
    return "arn:aws:iam::" + account + ":root";
  }

  /** Whether {@code text} has an ARN's form: arn:partition:service:region:account:resource (parts may be empty). */
  public static boolean isArn(String text) {
    return text.startsWith("arn:") && split(text) != null;
  }

  /** An ARN's six parts (the resource keeps its colons), or null. */
  static String[] split(String arn) {
    String[] parts = new String[6];
    int start = 0;
    for (int i = 0; i < 5; i++) {
      int colon = arn.indexOf(':', start);
      if (colon < 0) {
        return null;
      }
      parts[i] = arn.substring(start, colon);
      start = colon + 1;
    }
    parts[5] = arn.substring(start);
    return parts;
  }

  /** An ARN pattern read part by part (for ArnEquals and ArnLike), or null if it is no ARN. */
  static Glob[] parts(Glob pattern) {
    return pattern.text().startsWith("arn:") ? pattern.arnParts() : null;
  }

  /** Whether each of an ARN's six parts matches its pattern's, wildcards staying within their part. */
  static boolean matches(Glob[] pattern, String[] arn) {
    if (arn == null) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!pattern[i].matches(arn[i], false)) {
        return false;
      }
    }
    return true;
  }
}
