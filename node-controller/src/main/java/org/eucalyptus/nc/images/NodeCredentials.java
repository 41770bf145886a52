package org.eucalyptus.nc.images;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The node's certificate and key from the cloud CA: what Walrus asks of a node fetching an image. */
public record NodeCredentials(X509Certificate certificate, PrivateKey privateKey) {}
