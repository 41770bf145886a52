package org.eucalyptus.common.pki;

import java.security.cert.X509Certificate;
import java.util.List;

/** The active signing certificates of an account's users: what a bundle's signature is checked against. */
@FunctionalInterface
public interface AccountCertificates {
  List<X509Certificate> forAccount(String accountNumber);
}
