package org.eucalyptus.clc.keypairs;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * SSH keys as EC2 handles them: RSA key generation, the OpenSSH public key format, and the
 * fingerprints AWS shows (SHA-1 of the PKCS#8 private key for keys it made; MD5 of the DER public
 * key for imported RSA keys; SHA-256 for imported ed25519 keys).
 */
public final class SshKeys {
  private SshKeys() {}

  /** A newly made key: the PEM private key (returned to the user once) and what is kept. */
  public record Generated(String privateKeyPem, String openSshPublicKey, String fingerprint) {}

  /** A parsed public key: its OpenSSH text and its fingerprint. */
  public record Parsed(String openSshPublicKey, String fingerprint) {}

  public static Generated generate(String comment) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      java.security.KeyPair kp = g.generateKeyPair();
      byte[] pkcs8 = kp.getPrivate().getEncoded();
      byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
      StringWriter pem = new StringWriter();
      try (PemWriter w = new PemWriter(pem)) {
        w.writeObject(new PemObject("RSA PRIVATE KEY", pkcs1));
      }
      String fp = colonHex(MessageDigest.getInstance("SHA-1").digest(pkcs8));
      return new Generated(pem.toString(), openSsh((RSAPublicKey) kp.getPublic(), comment), fp);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  /**
   * Reads an OpenSSH public key line ({@code ssh-rsa AAAA... comment} or {@code ssh-ed25519 ...}).
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static Parsed parseOpenSsh(String text) {
    String[] parts = text.strip().split("\\s+");
    if (parts.length < 2) {
      throw new IllegalArgumentException("expected an OpenSSH public key such as 'ssh-rsa AAAA... comment'");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key's base64 part is damaged");
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob))) {
      String type = new String(readField(in), StandardCharsets.US_ASCII);
      if (!type.equals(parts[0])) {
        throw new IllegalArgumentException("the key says it is " + parts[0] + " but holds " + type);
      }
      switch (type) {
        case "ssh-rsa" -> {
          BigInteger e = new BigInteger(readField(in));
          BigInteger n = new BigInteger(readField(in));
          if (n.bitLength() < 1024) {
            throw new IllegalArgumentException("RSA keys must have at least 1024 bits");
          }
          RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          String fp = colonHex(MessageDigest.getInstance("MD5").digest(pub.getEncoded()));
          return new Parsed(type + " " + parts[1], fp);
        }
        case "ssh-ed25519" -> {
          byte[] key = readField(in);
          if (key.length != 32) {
            throw new IllegalArgumentException("an ed25519 key has 32 bytes");
          }
          String fp = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
          return new Parsed(type + " " + parts[1], fp);
        }
        default -> throw new IllegalArgumentException("key type " + type + " is not supported (use ssh-rsa or ssh-ed25519)");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the key's data is damaged");
    }
  }

  static String openSsh(RSAPublicKey key, String comment) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      writeField(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
      writeField(out, key.getPublicExponent().toByteArray());
      writeField(out, key.getModulus().toByteArray());
    }
    return "ssh-rsa " + Base64.getEncoder().encodeToString(buf.toByteArray()) + (comment == null ? "" : " " + comment);
  }

  private static byte[] readField(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > 16384) {
      throw new IOException("bad length");
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  private static void writeField(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static String colonHex(byte[] digest) {
    return HexFormat.ofDelimiter(":").formatHex(digest);
  }
}
