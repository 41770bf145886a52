package org.eucalyptus.walrus.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * An S3 access control list: the owner (who always has full control) and grants to accounts or to
 * the groups AllUsers (anyone, even unsigned) and AuthenticatedUsers (any account of this cloud).
 */
public record Acl(String owner, List<Grant> grants) {
  public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  public enum Permission { READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL }

  /** A grant to an account (canonical id) or to a group (its URI). */
  public record Grant(String grantee, boolean group, Permission permission) {}

  public static Acl privateTo(String owner) {
    return new Acl(owner, List.of());
  }

  /**
   * A canned ACL by its x-amz-acl name.
   *
   * @param bucketOwner the bucket's owner (for bucket-owner-read and bucket-owner-full-control)
   */
  public static Acl canned(String name, String owner, String bucketOwner) {
    List<Grant> g = new ArrayList<>();
    switch (name) {
      case "private" -> { }
      // Bundles are uploaded with it: in EC2 it lets the EC2 service read the parts. Here nodes get images
      // through GetDecryptedImage, which Walrus serves on the cloud's authority, so to users it is private.
      case "aws-exec-read" -> { }
      case "public-read" -> g.add(new Grant(ALL_USERS, true, Permission.READ));
      case "public-read-write" -> {
        g.add(new Grant(ALL_USERS, true, Permission.READ));
        g.add(new Grant(ALL_USERS, true, Permission.WRITE));
      }
      case "authenticated-read" -> g.add(new Grant(AUTHENTICATED_USERS, true, Permission.READ));
      case "bucket-owner-read" -> g.add(new Grant(bucketOwner, false, Permission.READ));
      case "bucket-owner-full-control" -> g.add(new Grant(bucketOwner, false, Permission.FULL_CONTROL));
      default -> throw new IllegalArgumentException("unknown canned ACL '" + name + "'");
    }
    return new Acl(owner, g);
  }

  /** Whether {@code account} (null: an unsigned request) holds {@code wanted}. */
  public boolean allows(String account, Permission wanted) {
    if (account != null && account.equals(owner)) {
      return true;
    }
    for (Grant g : grants) {
      boolean grantee = g.group()
          ? g.grantee().equals(ALL_USERS) || (g.grantee().equals(AUTHENTICATED_USERS) && account != null)
          : g.grantee().equals(account);
      if (grantee && (g.permission() == wanted || g.permission() == Permission.FULL_CONTROL)) {
        return true;
      }
    }
    return false;
  }

  public String toXml(String namespace) {
    XmlWriter w = new XmlWriter().root("AccessControlPolicy", namespace)
        .start("Owner").element("ID", owner).element("DisplayName", owner).end()
        .start("AccessControlList");
    grantXml(w, new Grant(owner, false, Permission.FULL_CONTROL));
    grants.forEach(g -> grantXml(w, g));
    return w.toString();
  }

  private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private static void grantXml(XmlWriter w, Grant g) {
    w.start("Grant").start("Grantee").namespace("xsi", XSI).attribute(XSI, "type", g.group() ? "Group" : "CanonicalUser");
    if (g.group()) {
      w.element("URI", g.grantee());
    } else {
      w.element("ID", g.grantee()).element("DisplayName", g.grantee());
    }
    w.end().element("Permission", g.permission()).end();
  }

  /** Grants as stored: one per line, "group|account grantee permission". */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    grants.forEach(g -> sb.append(g.group() ? "group " : "account ").append(g.grantee()).append(' ')
        .append(g.permission()).append('\n'));
    return sb.toString();
  }

  public static Acl decode(String owner, String text) {
    List<Grant> g = new ArrayList<>();
    if (text != null) {
      for (String line : text.split("\n")) {
        String[] p = line.split(" ");
        if (p.length == 3) {
          g.add(new Grant(p[1], p[0].equals("group"), Permission.valueOf(p[2])));
        }
      }
    }
    return new Acl(owner, g);
  }

  /**
   * A grantee's canonical id as kept (a line of "kind id permission"): letters, digits and
   * {@code ._@-}, at most 64 characters; an account's is its number.
   */
  public static String canonicalId(String id) {
    if (!id.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException("a grantee id is 1 to 64 letters, digits or ._@- characters");
    }
    return id;
  }

  /** The grants of x-amz-grant-* headers: {@code id="123456789012", uri="http://acs…/AllUsers"}. */
  public static List<Grant> fromGrantHeader(Permission p, String value) {
    List<Grant> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("grants look like id=\"...\" or uri=\"...\"");
      }
      String v = kv[1].strip().replace("\"", "");
      switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
        case "id" -> out.add(new Grant(canonicalId(v), false, p));
        case "uri" -> {
          if (!v.equals(ALL_USERS) && !v.equals(AUTHENTICATED_USERS)) {
            throw new IllegalArgumentException("unknown group " + v);
          }
          out.add(new Grant(v, true, p));
        }
        default -> throw new IllegalArgumentException("grants are by id or uri here, not " + kv[0]);
      }
    }
    return out;
  }
}
