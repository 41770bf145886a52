package org.eucalyptus.common.soap.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Who signs a request: a private key, its certificate, and the CA that issued the certificate. */
public record SigningIdentity(PrivateKey privateKey, X509Certificate certificate, X509Certificate issuer) {}
