package org.eucalyptus.clc.api.iam;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eucalyptus.clc.identity.AccessKey;
import org.eucalyptus.clc.identity.SigningCertificate;
import org.eucalyptus.clc.identity.User;
import org.eucalyptus.common.xml.XmlWriter;

/** IAM's element shapes for users, keys and certificates. */
final class IamXml {
  private IamXml() {}

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  static void user(XmlWriter x, String element, User u) {
    x.start(element).element("Path", u.path()).element("UserName", u.name()).element("UserId", u.userId())
        .element("Arn", "arn:aws:iam::" + u.accountNumber() + ":user" + u.path() + u.name())
        .element("CreateDate", time(u.created())).end();
  }

  static void keyMetadata(XmlWriter x, String userName, AccessKey k) {
    x.start("member").element("UserName", userName).element("AccessKeyId", k.accessKeyId())
        .element("Status", k.active() ? "Active" : "Inactive").element("CreateDate", time(k.created())).end();
  }

  static void certificate(XmlWriter x, String element, String userName, SigningCertificate c) {
    certificate(x, element, userName, c, null);
  }

  /**
   * A certificate, with the private key the server made for it, if any: inside the Certificate
   * element, where Eucalyptus put it and euca2ools reads it ({@code Certificate/PrivateKey}).
   */
  static void certificate(XmlWriter x, String element, String userName, SigningCertificate c, String privateKeyPem) {
    x.start(element).element("UserName", userName).element("CertificateId", c.certificateId())
        .element("CertificateBody", c.certificate());
    if (privateKeyPem != null) {
      x.element("PrivateKey", privateKeyPem);
    }
    x.element("Status", c.active() ? "Active" : "Inactive").element("UploadDate", time(c.created())).end();
  }
}
