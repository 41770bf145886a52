package org.eucalyptus.common.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an {@code eucarc}: the variables euca2ools read (2.x: EC2_URL, S3_URL, EUARE_URL;
 * 3.x also AWS_IAM_URL), and the AWS CLI's own, so that {@code aws ec2 ... --endpoint-url $EC2_URL}
 * works after sourcing it. Paths of the key files are relative to the eucarc's own directory, which
 * holds them beside it: {@code cloud-cert.pem}, {@code iamrc} and, when given, the user's certificate
 * and key (a credentials directory, as 3.1's zip).
 *
 * ({@link #render} writes one; {@link #read} reads one back, as the admin CLI and benchmarks do.)
 *
 * @param certFile the user's certificate file name, or null when there is none
 * @param privateKeyFile the user's private key file name, or null
 * @param cloudCaBundle the URLs are HTTPS with a certificate the cloud CA issued: AWS_CA_BUNDLE names
 *     cloud-cert.pem, which the AWS CLI and boto3 then trust
 */
public record EucarcFile(
    String accountName, String accountNumber, String userName, String accessKeyId, String secretKey,
    String ec2Url, String s3Url, String euareUrl, String region, String certFile, String privateKeyFile,
    boolean cloudCaBundle) {

  public EucarcFile(String accountName, String accountNumber, String userName, String accessKeyId, String secretKey,
      String ec2Url, String s3Url, String euareUrl, String region, String certFile, String privateKeyFile) {
    this(accountName, accountNumber, userName, accessKeyId, secretKey, ec2Url, s3Url, euareUrl, region, certFile,
        privateKeyFile, false);
  }

  public String render() {
    List<String> l = new ArrayList<>();
    l.add("# Credentials for " + userName + " in account " + accountName + " (" + accountNumber + ").");
    l.add("EUCA_KEY_DIR=$(cd \"$(dirname \"${BASH_SOURCE:-$0}\")\" && pwd -P)");
    l.add("export EC2_URL=" + ec2Url);
    l.add("export S3_URL=" + s3Url);
    l.add("export EUARE_URL=" + euareUrl);
    l.add("export AWS_IAM_URL=" + euareUrl);
    l.add("export EUCALYPTUS_CERT=${EUCA_KEY_DIR}/cloud-cert.pem");
    if (cloudCaBundle) {
      l.add("export AWS_CA_BUNDLE=${EUCA_KEY_DIR}/cloud-cert.pem");
    }
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

  private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Z0-9_]+)=['\"]?([^'\"]*)['\"]?\\s*$");

  /** The settings of an {@code eucarc} file: its {@code export NAME=value} lines, with EUCA_KEY_DIR resolved. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    // Key files are named relative to the eucarc's own directory, as EUCA_KEY_DIR.
    String keyDir = file.toAbsolutePath().getParent().toString();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String value = m.group(2).replace("${EUCA_KEY_DIR}", keyDir);
      if (!value.contains("$")) {
        out.put(m.group(1), value);
      }
    }
    return out;
  }

  /** Settings from {@code file} if given, else from the environment (as after {@code source eucarc}). */
  public static Map<String, String> load(Path file) throws IOException {
    return file != null ? read(file) : System.getenv();
  }
}
