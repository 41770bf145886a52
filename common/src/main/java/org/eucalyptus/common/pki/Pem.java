package org.eucalyptus.common.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Reads and writes the PEM files every component and tool handles: certificates, and RSA private
 * keys in either the PKCS#1 form (euca2ools' {@code -pk.pem}) or PKCS#8.
 */
public final class Pem {
  private Pem() {}

  public static String write(Object certOrKey) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(certOrKey);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  public static X509Certificate certificate(String pem) throws GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (!(o instanceof X509CertificateHolder holder)) {
        throw new CertificateException("not a PEM certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException e) {
      // (the parser's own words name its classes: kept in the cause, not said to the caller)
      throw new CertificateException("not a PEM certificate: its contents do not parse as X.509", e);
    }
  }

  /** Every certificate of a PEM chain, in the file's order (a server's own first, then its issuers). */
  public static java.util.List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    java.util.List<X509Certificate> chain = new java.util.ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (!(o instanceof X509CertificateHolder holder)) {
          throw new CertificateException("not a PEM certificate chain: it holds something else too");
        }
        chain.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException e) {
      throw new CertificateException("not a PEM certificate chain: its contents do not parse as X.509", e);
    }
    if (chain.isEmpty()) {
      throw new CertificateException("not a PEM certificate chain: it holds no certificate");
    }
    return chain;
  }

  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      throw new GeneralSecurityException("not a PEM private key (an encrypted key must be decrypted first)");
    } catch (IOException e) {
      throw new GeneralSecurityException("not a PEM private key: " + e.getMessage(), e);
    }
  }

  /** A public key in the PEM form {@link #write} gives it ("PUBLIC KEY", X.509 SubjectPublicKeyInfo). */
  public static java.security.PublicKey publicKey(String pem) throws GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info) {
        return new JcaPEMKeyConverter().getPublicKey(info);
      }
      throw new GeneralSecurityException("not a PEM public key");
    } catch (IOException e) {
      throw new GeneralSecurityException("not a PEM public key: " + e.getMessage(), e);
    }
  }

  public static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    return certificate(Files.readString(file));
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    return privateKey(Files.readString(file));
  }
}
