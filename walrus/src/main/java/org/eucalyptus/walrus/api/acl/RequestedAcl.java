package org.eucalyptus.walrus.api.acl;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.store.Acl;

/**
 * The ACL a request sets: a canned x-amz-acl, x-amz-grant-* headers, an AccessControlPolicy
 * document, or (with none of them) private to its owner.
 */
public final class RequestedAcl {
  private RequestedAcl() {}

  /**
   * @param body the AccessControlPolicy document, or empty where the request's body is not one
   * @param owner who owns what the ACL is for
   * @param bucketOwner who owns the bucket (for the canned ACLs that grant to it)
   */
  public static Acl of(S3Request req, byte[] body, String owner, String bucketOwner) throws S3Exception {
    try {
      String canned = req.header("x-amz-acl");
      if (canned != null) {
        return Acl.canned(canned, owner, bucketOwner);
      }
      List<Acl.Grant> grants = new ArrayList<>();
      for (Acl.Permission p : Acl.Permission.values()) {
        String h = req.header("x-amz-grant-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (h != null) {
          grants.addAll(Acl.fromGrantHeader(p, h));
        }
      }
      if (!grants.isEmpty()) {
        return new Acl(owner, grants);
      }
      if (body.length > 0) {
        return parse(body, owner);
      }
      return Acl.privateTo(owner);
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidArgument(e.getMessage());
    }
  }

  /** An AccessControlPolicy document's grants (to a group's URI or an account's ID; the owner's own are implied). */
  private static Acl parse(byte[] body, String owner) throws S3Exception {
    try {
      var grants = XmlDocuments.parse(body).getElementsByTagNameNS("*", "Grant");
      List<Acl.Grant> out = new ArrayList<>();
      for (int i = 0; i < grants.getLength(); i++) {
        var g = (org.w3c.dom.Element) grants.item(i);
        Acl.Permission p = Acl.Permission.valueOf(g.getElementsByTagNameNS("*", "Permission").item(0)
            .getTextContent().strip());
        var uri = g.getElementsByTagNameNS("*", "URI");
        var id = g.getElementsByTagNameNS("*", "ID");
        if (uri.getLength() > 0) {
          out.addAll(Acl.fromGrantHeader(p, "uri=" + uri.item(0).getTextContent().strip()));
        } else if (id.getLength() > 0) {
          String who = id.item(0).getTextContent().strip();
          if (!who.equals(owner)) {
            out.add(new Acl.Grant(Acl.canonicalId(who), false, p));
          }
        }
      }
      return new Acl(owner, out);
    } catch (Exception e) {
      throw new S3Exception("MalformedACLError", "The XML you provided was not well-formed or did not validate"
          + " against our published schema.", HttpResponseStatus.BAD_REQUEST);
    }
  }
}
