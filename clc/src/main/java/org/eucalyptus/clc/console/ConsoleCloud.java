package org.eucalyptus.clc.console;

/** What the console tells a user of the cloud itself: its CA, its region, where Walrus is, how its HTTPS is certified. */
public interface ConsoleCloud {
  /** The cloud CA's certificate (cloud-cert.pem). */
  String caPem();

  String region();

  /** Walrus's URL for credentials whose cloud is reached at {@code httpsBase}. */
  String s3Url(String httpsBase);

  /** Walrus's S3 endpoint as this process reaches it (for the console's own S3 requests); null while not known. */
  java.net.URI walrusEndpoint();

  /** Whether the HTTPS port's certificate is the cloud CA's (then eucarc names cloud-cert.pem as the CA bundle). */
  boolean cloudIssuedHttps();
}
