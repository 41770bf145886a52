package org.eucalyptus.common.pki;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * How a component's certificate says what it is. The cloud CA issues users' certificates with
 * {@code O=Eucalyptus} and components' with {@code O=Eucalyptus Components, OU=<role>}; a user
 * cannot obtain one of the latter, so the role can be trusted once the CA's signature is.
 */
public final class ComponentIdentity {
  public static final String ORGANIZATION = "Eucalyptus Components";
  public static final String NODE = "node";
  public static final String CLUSTER = "cluster";
  public static final String WALRUS = "walrus";
  public static final String STORAGE = "storage";
  /** The cloud controller, which signs with the cloud CA's own key and certificate. */
  public static final String CLOUD = "cloud";

  private ComponentIdentity() {}

  /** The subject for a component of this role named {@code name} (its host, typically). */
  public static String subject(String role, String name) {
    return "CN=" + name.replaceAll("[,=+<>#;\"\\\\]", "_") + ", OU=" + role + ", O=" + ORGANIZATION;
  }

  /**
   * The role of whoever holds {@code cert}, a certificate that chains to {@code cloudCa}: {@link
   * #CLOUD} for the CA itself, a component's role, or null for anyone else (a user).
   */
  public static String roleUnder(X509Certificate cert, X509Certificate cloudCa) {
    return cert.equals(cloudCa) ? CLOUD : role(cert);
  }

  /** The certificate's component role, or null if it is not a component's certificate. */
  public static String role(X509Certificate cert) {
    String o = null;
    String ou = null;
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        switch (rdn.getType().toUpperCase(Locale.ROOT)) {
          case "O" -> o = rdn.getValue().toString();
          case "OU" -> ou = rdn.getValue().toString();
          default -> { }
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return ORGANIZATION.equals(o) ? ou : null;
  }
}
