package org.eucalyptus.common.credentials;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of an {@code eucarc}: the variables euca2ools read (2.x: EC2_URL, S3_URL, EUARE_URL;
 * 3.x also AWS_IAM_URL), and the AWS CLI's own, so that {@code aws ec2 ... --endpoint-url $EC2_URL}
 * works after sourcing it. Paths of the key files are relative to the eucarc's own directory, which
 * holds them beside it: {@code cloud-cert.pem}, {@code iamrc} and, when given, the user's certificate
 * and key (a credentials directory, as 3.1's zip).
 *
 * @param certFile the user's certificate file name, or null when there is none
 * @param privateKeyFile the user's private key file name, or null
 */
public record EucarcFile(
    String accountName, String accountNumber, String userName, String accessKeyId, String secretKey,
    String ec2Url, String s3Url, String euareUrl, String region, String certFile, String privateKeyFile) {

  public String render() {
    List<String> l = new ArrayList<>();
    l.add("# Credentials for " + userName + " in account " + accountName + " (" + accountNumber + ").");
    l.add("EUCA_KEY_DIR=$(cd \"$(dirname \"${BASH_SOURCE:-$0}\")\" && pwd -P)");
    l.add("export EC2_URL=" + ec2Url);
    l.add("export S3_URL=" + s3Url);
    l.add("export EUARE_URL=" + euareUrl);
    l.add("export AWS_IAM_URL=" + euareUrl);
    l.add("export EUCALYPTUS_CERT=${EUCA_KEY_DIR}/cloud-cert.pem");
    if (certFile != null) {
      l.add("export EC2_CERT=${EUCA_KEY_DIR}/" + certFile);
    }
    if (privateKeyFile != null) {
      l.add("export EC2_PRIVATE_KEY=${EUCA_KEY_DIR}/" + privateKeyFile);
    }
    l.add("export EC2_ACCESS_KEY='" + accessKeyId + "'");
    l.add("export EC2_SECRET_KEY='" + secretKey + "'");
    l.add("export EC2_ACCOUNT_NUMBER='" + accountNumber + "'");
    l.add("export EC2_USER_ID='" + accountNumber + "'");
    l.add("export AWS_ACCESS_KEY_ID=\"$EC2_ACCESS_KEY\"");
    l.add("export AWS_SECRET_ACCESS_KEY=\"$EC2_SECRET_KEY\"");
    l.add("export AWS_DEFAULT_REGION='" + region + "'");
    l.add("export AWS_CREDENTIAL_FILE=${EUCA_KEY_DIR}/iamrc");
    // Single quotes: the variables are read when the alias is used, not when this file is sourced.
    if (certFile != null && privateKeyFile != null) {
      l.add("alias ec2-bundle-image='ec2-bundle-image --cert ${EC2_CERT} --privatekey ${EC2_PRIVATE_KEY}"
          + " --user ${EC2_ACCOUNT_NUMBER} --ec2cert ${EUCALYPTUS_CERT}'");
    }
    l.add("alias ec2-upload-bundle='ec2-upload-bundle -a ${EC2_ACCESS_KEY} -s ${EC2_SECRET_KEY} --url ${S3_URL}'");
    return String.join("\n", l) + "\n";
  }

  /** The credential file AWS_CREDENTIAL_FILE names (euca2ools 3, the IAM CLI): {@code iamrc}. */
  public String iamrc() {
    return "AWSAccessKeyId=" + accessKeyId + "\nAWSSecretKey=" + secretKey + "\n";
  }

  /**
   * The name prefix of a user's certificate and key files, {@code euca2-USER-XXXXXXXX} with 8 hex
   * digits of the certificate's SHA-1 (3.1's zip named them so): {@code PREFIX-cert.pem},
   * {@code PREFIX-pk.pem}.
   */
  public static String keyFilePrefix(String userName, String certificatePem) {
    try {
      byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
          .digest(certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return "euca2-" + userName + "-" + java.util.HexFormat.of().formatHex(sha1).substring(0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }
}
