package org.eucalyptus.clc.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.common.credentials.EucarcFile;

/**
 * The user's credentials: their access keys (create, with the secret shown that once; deactivate,
 * activate, delete) and the credentials zip as {@code euca-admin get-credentials} makes it (a new access
 * key and signing certificate, eucarc, iamrc, cloud-cert.pem), all through IAM as the user.
 */
final class CredentialsPage {
  private final ConsoleApi api;
  private final Pages pages;
  private final ConsoleCloud cloud;

  CredentialsPage(ConsoleApi api, Pages pages, ConsoleCloud cloud) {
    this.api = api;
    this.pages = pages;
    this.cloud = cloud;
  }

  byte[] list(ConsoleRequest r, Map<String, Object> extra) throws ApiException {
    List<Map<String, Object>> keys = api.iam(r, "ListAccessKeys", Map.of("UserName", r.caller().userName()))
        .all("ListAccessKeysResult/AccessKeyMetadata/member").stream()
        .map(e -> Map.<String, Object>of("id", ApiDoc.text(e, "AccessKeyId"), "status", ApiDoc.text(e, "Status"),
            "active", ApiDoc.text(e, "Status").equals("Active"), "created", ApiDoc.text(e, "CreateDate")))
        .toList();
    Map<String, Object> model = new HashMap<>(extra);
    model.put("keys", keys);
    model.put("none", keys.isEmpty());
    return pages.render("credentials", r, model);
  }

  /** A new access key: the page that lists the keys, with the new secret shown this once. */
  byte[] createKey(ConsoleRequest r) throws ApiException {
    ApiDoc d = api.iam(r, "CreateAccessKey", Map.of("UserName", r.caller().userName()));
    return list(r, Map.of("newKeyId", d.text("CreateAccessKeyResult/AccessKey/AccessKeyId"),
        "newSecret", d.text("CreateAccessKeyResult/AccessKey/SecretAccessKey")));
  }

  String setStatus(ConsoleRequest r, boolean active) throws ApiException {
    api.iam(r, "UpdateAccessKey", Map.of("UserName", r.caller().userName(), "AccessKeyId", r.field("id"),
        "Status", active ? "Active" : "Inactive"));
    return (active ? "Activated " : "Deactivated ") + r.field("id") + ".";
  }

  String deleteKey(ConsoleRequest r) throws ApiException {
    api.iam(r, "DeleteAccessKey", Map.of("UserName", r.caller().userName(), "AccessKeyId", r.field("id")));
    return "Deleted " + r.field("id") + ".";
  }

  /** The zip: a new key and certificate made for this download. */
  byte[] zip(ConsoleRequest r) throws ApiException {
    String user = r.caller().userName();
    ApiDoc key = api.iam(r, "CreateAccessKey", Map.of("UserName", user));
    ApiDoc cert = api.iam(r, "CreateSigningCertificate", Map.of("UserName", user));
    String certPem = cert.text("CreateSigningCertificateResult/Certificate/CertificateBody");
    String keyPem = cert.text("CreateSigningCertificateResult/Certificate/PrivateKey");
    String prefix = EucarcFile.keyFilePrefix(user, certPem);
    String base = "https://" + r.http().header("Host");
    EucarcFile rc = new EucarcFile(r.caller().accountName(), r.caller().accountNumber(), user,
        key.text("CreateAccessKeyResult/AccessKey/AccessKeyId"),
        key.text("CreateAccessKeyResult/AccessKey/SecretAccessKey"), base + "/services/Eucalyptus",
        cloud.s3Url(base), base + "/services/Euare", cloud.region(), prefix + "-cert.pem", prefix + "-pk.pem",
        cloud.cloudIssuedHttps());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("eucarc", rc.render());
    files.put("iamrc", rc.iamrc());
    files.put("cloud-cert.pem", cloud.caPem());
    files.put(prefix + "-pk.pem", keyPem);
    files.put(prefix + "-cert.pem", certPem);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
