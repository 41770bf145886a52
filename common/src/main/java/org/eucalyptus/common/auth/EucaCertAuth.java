package org.eucalyptus.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;

/**
 * Eucalyptus's certificate authentication between components (3.1's {@code Authorization: Euca}):
 * the caller sends its certificate ({@code EucaCert}, base64 of the PEM) and an RSA signature
 * ({@code EucaSignature}) over {@code "<METHOD>\n<Date>\n<path>\n"} made with its private key. The
 * receiver accepts it when the cloud CA issued the certificate to a component of the expected role,
 * the certificate is current, the signature matches and the date is within the allowed skew.
 * We sign with SHA256withRSA; SHA1withRSA, what 3.1's nodes send, is accepted too.
 */
public final class EucaCertAuth {
  public static final String AUTHORIZATION = "Euca";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private EucaCertAuth() {}

  /** The headers that authenticate a request for {@code path} (the raw path, without the query). */
  public static Map<String, String> sign(String method, String path, X509Certificate cert, PrivateKey key,
      Instant now) throws GeneralSecurityException {
    String date = HTTP_DATE.format(now);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(stringToSign(method, date, path));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", AUTHORIZATION);
    h.put("Date", date);
    h.put("EucaCert", Base64.getEncoder().encodeToString(Pem.write(cert).getBytes(StandardCharsets.US_ASCII)));
    h.put("EucaSignature", Base64.getEncoder().encodeToString(s.sign()));
    return h;
  }

  /** Whether the request claims this scheme at all. */
  public static boolean present(Function<String, String> header) {
    return AUTHORIZATION.equals(header.apply("Authorization")) || header.apply("EucaSignature") != null;
  }

  /**
   * Checks a request's certificate authentication and returns the caller's certificate.
   *
   * @param header the request's headers by name
   * @param role the component role the caller must have (e.g. {@link ComponentIdentity#NODE})
   */
  public static X509Certificate verify(String method, String path, Function<String, String> header,
      X509Certificate cloudCa, String role, Clock clock, Duration skew) throws AuthException {
    String certB64 = header.apply("EucaCert");
    String sigB64 = header.apply("EucaSignature");
    String date = header.apply("Date");
    if (certB64 == null || sigB64 == null || date == null) {
      throw new AuthException(AuthException.Reason.MISSING,
          "certificate authentication needs the EucaCert, EucaSignature and Date headers");
    }
    X509Certificate cert;
    byte[] sig;
    try {
      cert = Pem.certificate(new String(Base64.getMimeDecoder().decode(certB64), StandardCharsets.US_ASCII));
      sig = Base64.getMimeDecoder().decode(sigB64);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new AuthException(AuthException.Reason.MALFORMED, "EucaCert or EucaSignature cannot be read");
    }
    Instant now = clock.instant();
    try {
      cert.verify(cloudCa.getPublicKey());
      cert.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new AuthException(AuthException.Reason.BAD_SIGNATURE, "the certificate was not issued by this cloud"
          + " or is not valid now");
    }
    if (!role.equals(ComponentIdentity.roleUnder(cert, cloudCa))) { // the cloud controller signs with the CA's own
      throw new AuthException(AuthException.Reason.BAD_SIGNATURE,
          "the certificate is not a " + role + " controller's certificate");
    }
    Instant sent;
    try {
      sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new AuthException(AuthException.Reason.MALFORMED, "the Date header is not an HTTP date: " + date);
    }
    if (Duration.between(sent, now).abs().compareTo(skew) > 0) {
      throw new AuthException(AuthException.Reason.EXPIRED, "the request's Date is too far from the server's time");
    }
    byte[] data = stringToSign(method, date, path);
    for (String alg : new String[] {"SHA256withRSA", "SHA1withRSA"}) {
      try {
        Signature s = Signature.getInstance(alg);
        s.initVerify(cert.getPublicKey());
        s.update(data);
        if (s.verify(sig)) {
          return cert;
        }
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new AuthException(AuthException.Reason.BAD_SIGNATURE, "EucaSignature does not match the request");
  }

  private static byte[] stringToSign(String method, String date, String path) {
    return (method + "\n" + date + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
