package org.eucalyptus.tools.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eucalyptus.common.credentials.EucarcFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code euca-admin get-credentials FILE.zip}: a new access key and X.509 certificate for a user,
 * packed as euca2ools users know it (eucarc, iamrc, cloud-cert.pem, euca2-USER-FP-pk.pem and
 * euca2-USER-FP-cert.pem), everything through the cloud's own APIs.
 */
@Command(name = "get-credentials", mixinStandardHelpOptions = true,
    description = "Write a credentials zip for a user (default: the admin of account eucalyptus).")
final class GetCredentials implements Callable<Integer> {
  @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

  @CommandLine.Parameters(index = "0", description = "the zip file to write") Path zip;

  @Option(names = {"-a", "--cred-account"}, defaultValue = "eucalyptus") String account;

  @Option(names = {"-u", "--cred-user"}, defaultValue = "admin") String user;

  @Override
  public Integer call() throws Exception {
    Ec2QueryClient ec2 = credentials.client();
    Ec2QueryClient euare = ec2.euare();
    String accountNumber = accountNumber(euare);
    Map<String, String> who = new LinkedHashMap<>();
    who.put("UserName", user);
    who.put("DelegateAccount", account);
    String key = euare.call("CreateAccessKey", who);
    String cert = euare.call("CreateSigningCertificate", who);
    String certPem = Ec2QueryClient.element(cert, "CertificateBody");
    String keyPem = Ec2QueryClient.element(cert, "PrivateKey");
    String cloudCert = ec2.getPublic("/cloud-cert.pem");
    String prefix = EucarcFile.keyFilePrefix(user, certPem);

    URI base = ec2.endpoint();
    String root = base.getScheme() + "://" + base.getRawAuthority();
    EucarcFile rc = new EucarcFile(account, accountNumber, user, Ec2QueryClient.element(key, "AccessKeyId"),
        Ec2QueryClient.element(key, "SecretAccessKey"), root + "/services/Eucalyptus", root + "/services/Walrus",
        root + "/services/Euare", "eucalyptus", prefix + "-cert.pem", prefix + "-pk.pem",
        servedWithCloudCa(base, cloudCert));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("eucarc", rc.render());
    files.put("iamrc", rc.iamrc());
    files.put("cloud-cert.pem", cloudCert);
    files.put(prefix + "-pk.pem", keyPem);
    files.put(prefix + "-cert.pem", certPem);
    write(files);
    System.out.println("CREDENTIALS\t" + zip + "\t" + account + "\t" + user);
    return 0;
  }

  /**
   * Whether the cloud answers {@code uri} over HTTPS with a certificate its own CA issued: then the
   * eucarc names cloud-cert.pem in AWS_CA_BUNDLE for the AWS CLI and boto3, as the CLC's own eucarc
   * does. An operator's certificate from another CA is trusted as the clients' system trusts it.
   */
  static boolean servedWithCloudCa(URI uri, String cloudCertPem) {
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return false;
    }
    try {
      javax.net.ssl.SSLContext tls = org.eucalyptus.common.http.ClientTrust.trustingOnly(
          org.eucalyptus.common.pki.Pem.certificate(cloudCertPem));
      try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket()) {
        s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 443 : uri.getPort()), 10_000);
        s.setSoTimeout(10_000);
        s.startHandshake(); // fails unless the chain leads to the cloud CA
        return true;
      }
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private String accountNumber(Ec2QueryClient euare) throws Exception {
    String resp = euare.call("ListAccounts", Map.of());
    List<String> names = Ec2QueryClient.elements(resp, "AccountName");
    List<String> ids = Ec2QueryClient.elements(resp, "AccountId");
    int i = names.indexOf(account);
    if (i < 0) {
      throw new Ec2QueryClient.ServiceError("NoSuchEntity", "No account named " + account);
    }
    return ids.get(i);
  }

  /** The zip, readable by its owner only, written whole or not at all. */
  private void write(Map<String, String> files) throws IOException {
    Path target = zip.toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A private key file: created readable by its owner only, then filled, then renamed into place. */
  static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
