package org.eucalyptus.common.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What an HTTPS port presents (the cloud controller's, a Walrus's of its own): the operator's own
 * certificate chain and key when the settings name them (CLC_HTTPS_CERT and CLC_HTTPS_KEY, or
 * WALRUS_…), else a certificate the cloud CA issues, kept in the keys directory ({@code https-cert.pem},
 * {@code https-pk.pem}) and issued again when it is missing, not the CA's, within {@link #RENEW_BEFORE}
 * of its end, or does not name every name the settings require. Clients that trust
 * {@code cloud-cert.pem} then trust the port.
 *
 * @param chain the server's certificate first, then its issuers
 * @param cloudIssued whether the cloud CA issued it (so that cloud-cert.pem is the CA bundle to give clients)
 */
public record HttpsIdentity(PrivateKey key, List<X509Certificate> chain, boolean cloudIssued) {
  private static final Logger LOG = LogManager.getLogger(HttpsIdentity.class);
  /** How long an issued certificate lasts (what browsers accept of a server certificate). */
  static final Duration VALIDITY = Duration.ofDays(397);
  /** An issued certificate this close to its end is issued again at start. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  public HttpsIdentity {
    chain = List.copyOf(chain);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * Where a port's identity comes from, as its settings say.
   *
   * @param prefix the settings' common prefix (CLC_HTTPS, WALRUS_HTTPS), for errors that name them
   * @param certFile PREFIX_CERT: the operator's own certificate chain (PEM, the server's first)
   * @param keyFile PREFIX_KEY: its private key
   * @param names what a certificate the cloud CA issues must name
   */
  public record Source(String prefix, Optional<Path> certFile, Optional<Path> keyFile, List<String> names) {
    public Source {
      names = List.copyOf(names);
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException(prefix + "_CERT and " + prefix + "_KEY go together: set both, or neither"
            + " (then the cloud CA issues the HTTPS certificate)");
      }
    }
  }

  /** The cloud CA as an issuer of server certificates: its certificate and private key. */
  public record Issuer(X509Certificate certificate, PrivateKey key) {}

  /**
   * {@code required} and the names and addresses listed in {@code csv} (the setting {@code setting}):
   * host names and addresses, comma-separated; IllegalArgumentException names the setting otherwise.
   */
  public static List<String> names(List<String> required, String setting, String csv) {
    LinkedHashSet<String> names = new LinkedHashSet<>(required);
    for (String n : csv.split(",")) {
      String name = n.strip();
      if (name.isEmpty()) {
        continue;
      }
      // A colon belongs to IPv6 addresses only ("host:8443" names a port, which a certificate cannot).
      boolean ipv6 = name.contains(":") && name.matches("[0-9A-Fa-f:.]+");
      if (!(ipv6 || name.matches("[A-Za-z0-9.*-]+"))) {
        throw new IllegalArgumentException(setting + " must list host names and addresses separated by commas,"
            + " not '" + name + "'");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** The identity the settings ask for; IllegalArgumentException names the setting whose file is unusable. */
  public static HttpsIdentity of(Source https, Issuer ca, Path keysDir, Clock clock) throws IOException {
    if (https.certFile().isPresent()) {
      return operators(https.prefix(), https.certFile().get(), https.keyFile().orElseThrow());
    }
    Path certFile = keysDir.resolve("https-cert.pem");
    Path keyFile = keysDir.resolve("https-pk.pem");
    String stale = whyNotUsable(certFile, keyFile, ca, https.names(), clock.instant());
    if (stale == null) {
      try {
        return new HttpsIdentity(Pem.readPrivateKey(keyFile), List.of(Pem.readCertificate(certFile)), true);
      } catch (GeneralSecurityException e) {
        stale = "it does not parse (" + e.getMessage() + ")";
      }
    }
    List<String> names = new ArrayList<>(https.names());
    for (String extra : hostNames()) {
      if (!names.contains(extra)) {
        names.add(extra);
      }
    }
    ServerCertificates.Issued issued = ServerCertificates.issue(ca.key(), ca.certificate(), names, VALIDITY);
    KeyFiles.writePrivate(keyFile, issued.privateKeyPem());
    KeyFiles.writePublic(certFile, issued.certificatePem());
    LOG.info("issued the HTTPS certificate {} for {} ({})", certFile, names, stale);
    try {
      return new HttpsIdentity(Pem.privateKey(issued.privateKeyPem()), List.of(issued.certificate()), true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpsIdentity operators(String prefix, Path certFile, Path keyFile) {
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = Pem.certificates(Files.readString(certFile));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(prefix + "_CERT " + certFile + ": " + e.getMessage(), e);
    }
    try {
      key = Pem.readPrivateKey(keyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(prefix + "_KEY " + keyFile + ": " + e.getMessage(), e);
    }
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException(prefix + "_KEY " + keyFile + " is not the key of the first certificate in "
          + prefix + "_CERT " + certFile);
    }
    return new HttpsIdentity(key, chain, false);
  }

  /** Null when the issued pair on disk may be used as it is; else why not, for the log. */
  private static String whyNotUsable(Path certFile, Path keyFile, Issuer ca, List<String> required, Instant now) {
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return "there was none";
    }
    try {
      X509Certificate c = Pem.readCertificate(certFile);
      try {
        c.verify(ca.certificate().getPublicKey());
      } catch (GeneralSecurityException e) {
        return "the cloud CA did not issue the one there";
      }
      if (c.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
        return "the one there ends " + c.getNotAfter().toInstant();
      }
      Set<String> named = subjectAltNames(c);
      List<String> missing = required.stream().filter(n -> !named.contains(canonical(n))).toList();
      if (!missing.isEmpty()) {
        return "the one there does not name " + missing;
      }
      if (!matches(Pem.readPrivateKey(keyFile), c)) {
        return "the key there is not the certificate's";
      }
      return null;
    } catch (GeneralSecurityException | IOException e) {
      return "the one there does not parse (" + e.getMessage() + ")";
    }
  }

  /** The DNS names and IP addresses a certificate names, each as {@link #canonical} writes it. */
  static Set<String> subjectAltNames(X509Certificate c) throws CertificateParsingException {
    Collection<List<?>> alt = c.getSubjectAlternativeNames();
    Set<String> names = new LinkedHashSet<>();
    if (alt != null) {
      for (List<?> entry : alt) {
        int type = (Integer) entry.get(0);
        if (type == 2 || type == 7) { // dNSName, iPAddress
          names.add(canonical(String.valueOf(entry.get(1))));
        }
      }
    }
    return names;
  }

  /** A name as compared: DNS names in lower case, addresses in Java's own text form (::1, not 0:0:...:1). */
  static String canonical(String name) {
    if (ServerCertificates.isAddress(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (IOException e) {
        return name;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    try {
      byte[] probe = "eucalyptus https key check".getBytes(StandardCharsets.US_ASCII);
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * This host's name and the addresses of its interfaces that are up: named too, so that a client
   * reaching the cloud by any of them can check the certificate (beyond what the settings require).
   */
  private static List<String> hostNames() {
    List<String> names = new ArrayList<>();
    try {
      names.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      LOG.debug("no host name: {}", e.toString());
    }
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (!a.isLinkLocalAddress()) {
            String text = a.getHostAddress();
            int zone = text.indexOf('%');
            names.add(zone < 0 ? text : text.substring(0, zone));
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("no interface addresses: {}", e.toString());
    }
    return names;
  }
}
