package org.eucalyptus.common.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eucalyptus.common.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An EC2 image bundle manifest (version 2007-10-10), as euca-bundle-image and ec2-bundle-image
 * write it: what the image is, the AES key and IV encrypted for the cloud and for the user, the
 * parts with their SHA-1 digests, and the user's signature.
 *
 * <p>The signature is SHA1withRSA over the text of {@code <machine_configuration>…</machine_configuration>}
 * followed by {@code <image>…</image>}, exactly as they appear in the file, so it is checked against
 * the received text ({@link #signedText(String)}), never against a re-serialization.
 */
public record BundleManifest(
    String architecture,
    String kernelId,
    String ramdiskId,
    List<Mapping> blockDeviceMapping,
    String imageName,
    String user,
    String imageType,
    String digest,
    long size,
    long bundledSize,
    String ec2EncryptedKey,
    String userEncryptedKey,
    String ec2EncryptedIv,
    String userEncryptedIv,
    List<Part> parts,
    String signature) {

  public static final String VERSION = "2007-10-10";
  public static final String CIPHER = "AES-128-CBC";

  /** A block device mapping entry: virtual name (ami, root, ephemeral0, swap) to device. */
  public record Mapping(String virtualName, String device) {}

  /** One part file of the encrypted image and the SHA-1 of its bytes (hex). */
  public record Part(String filename, String sha1) {}

  public BundleManifest {
    blockDeviceMapping = List.copyOf(blockDeviceMapping);
    parts = List.copyOf(parts);
  }

  /** The same manifest with this signature. */
  public BundleManifest withSignature(String hexSignature) {
    return new BundleManifest(architecture, kernelId, ramdiskId, blockDeviceMapping, imageName, user, imageType,
        digest, size, bundledSize, ec2EncryptedKey, userEncryptedKey, ec2EncryptedIv, userEncryptedIv, parts,
        hexSignature);
  }

  /** The whole document; signed with {@code key} (the user's), ready to upload. */
  public String renderSigned(PrivateKey key) throws GeneralSecurityException {
    // The signature covers two sections as text; the document written without it has the same text.
    String signed;
    try {
      signed = signedText(document(null));
    } catch (InvalidManifestException e) {
      throw new IllegalStateException("the manifest written lacks a section: " + e.getMessage(), e);
    }
    Signature s = Signature.getInstance("SHA1withRSA");
    s.initSign(key);
    s.update(signed.getBytes(StandardCharsets.UTF_8));
    return document(HexFormat.of().formatHex(s.sign()));
  }

  /** The manifest document, with {@code signature} unless it is null. */
  private String document(String signature) {
    XmlWriter x = new XmlWriter().start("manifest").element("version", VERSION)
        .start("bundler").element("name", "eucalyptus-java-tools").element("version", "0.1").element("release", "0")
        .end();
    x.start("machine_configuration").element("architecture", architecture);
    if (!blockDeviceMapping.isEmpty()) {
      x.start("block_device_mapping");
      for (Mapping m : blockDeviceMapping) {
        x.start("mapping").element("virtual", m.virtualName()).element("device", m.device()).end();
      }
      x.end();
    }
    x.element("kernel_id", kernelId).element("ramdisk_id", ramdiskId).end();
    x.start("image").element("name", imageName).element("user", user).element("type", imageType)
        .start("digest").attribute("algorithm", "SHA1").text(digest).end()
        .element("size", size).element("bundled_size", bundledSize)
        .start("ec2_encrypted_key").attribute("algorithm", CIPHER).text(ec2EncryptedKey).end()
        .start("user_encrypted_key").attribute("algorithm", CIPHER).text(userEncryptedKey).end()
        .element("ec2_encrypted_iv", ec2EncryptedIv).element("user_encrypted_iv", userEncryptedIv);
    x.start("parts").attribute("count", parts.size());
    for (int i = 0; i < parts.size(); i++) {
      x.start("part").attribute("index", i).element("filename", parts.get(i).filename())
          .start("digest").attribute("algorithm", "SHA1").text(parts.get(i).sha1()).end()
          .end();
    }
    return x.end().end().element("signature", signature).toString();
  }

  /** The text the user's signature covers, taken from the document as received. */
  public static String signedText(String document) throws InvalidManifestException {
    return section(document, "machine_configuration") + section(document, "image");
  }

  private static String section(String doc, String name) throws InvalidManifestException {
    int start = doc.indexOf("<" + name + ">");
    int end = doc.indexOf("</" + name + ">");
    if (start < 0 || end < start) {
      throw new InvalidManifestException("the manifest has no <" + name + "> element");
    }
    return doc.substring(start, end + name.length() + 3);
  }

  /** Whether the manifest document was signed by the holder of {@code key}'s private half. */
  public static boolean signatureValid(String document, String hexSignature, PublicKey key)
      throws InvalidManifestException {
    byte[] sig;
    try {
      sig = HexFormat.of().parseHex(hexSignature.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA1withRSA");
      s.initVerify(key);
      s.update(signedText(document).getBytes(StandardCharsets.UTF_8));
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Parses a manifest document; what is missing or malformed is named in the exception. */
  public static BundleManifest parse(String document) throws InvalidManifestException {
    Document doc;
    try {
      // (quiet: reported in our exception, not on stderr)
      doc = org.eucalyptus.common.xml.XmlDocuments.parse(document.getBytes(StandardCharsets.UTF_8));
    } catch (SAXException | IOException e) {
      throw new InvalidManifestException("the manifest is not well-formed XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("manifest")) {
      throw new InvalidManifestException("the document is not an image manifest (root <" + root.getTagName() + ">)");
    }
    Element machine = child(root, "machine_configuration", true);
    Element image = child(root, "image", true);
    List<Mapping> mappings = new ArrayList<>();
    Element bdm = child(machine, "block_device_mapping", false);
    if (bdm != null) {
      for (Element m : children(bdm, "mapping")) {
        mappings.add(new Mapping(text(m, "virtual", true), text(m, "device", true)));
      }
    }
    Element partsEl = child(image, "parts", true);
    List<Part> parts = new ArrayList<>();
    for (Element p : children(partsEl, "part")) {
      String name = text(p, "filename", true);
      if (name.isEmpty() || name.contains("/") || name.equals("..")) {
        throw new InvalidManifestException("part file name '" + name + "' is not a plain file name");
      }
      parts.add(new Part(name, text(p, "digest", false)));
    }
    if (parts.isEmpty()) {
      throw new InvalidManifestException("the manifest lists no parts");
    }
    String type = text(image, "type", false);
    if (type == null || type.isEmpty()) {
      type = "machine";
    }
    if (!List.of("machine", "kernel", "ramdisk").contains(type)) {
      throw new InvalidManifestException("image type '" + type + "' is not machine, kernel or ramdisk");
    }
    return new BundleManifest(text(machine, "architecture", false), blankToNull(text(machine, "kernel_id", false)),
        blankToNull(text(machine, "ramdisk_id", false)), mappings, text(image, "name", false),
        text(image, "user", false), type, text(image, "digest", false), number(image, "size"),
        number(image, "bundled_size"), text(image, "ec2_encrypted_key", true), text(image, "user_encrypted_key", false),
        text(image, "ec2_encrypted_iv", true), text(image, "user_encrypted_iv", false), parts,
        text(root, "signature", false));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static long number(Element parent, String name) throws InvalidManifestException {
    String t = text(parent, name, false);
    if (t == null || t.isEmpty()) {
      return -1;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new InvalidManifestException("<" + name + "> is not a number: " + t);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i) instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element child(Element parent, String name, boolean required) throws InvalidManifestException {
    List<Element> c = children(parent, name);
    if (c.isEmpty()) {
      if (required) {
        throw new InvalidManifestException("the manifest has no <" + name + "> in <" + parent.getTagName() + ">");
      }
      return null;
    }
    return c.get(0);
  }

  private static String text(Element parent, String name, boolean required) throws InvalidManifestException {
    Element e = child(parent, name, required);
    if (e == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    NodeList nl = e.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      Node n = nl.item(i);
      if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        b.append(n.getNodeValue());
      }
    }
    return b.toString().trim();
  }

  /** A manifest that cannot be used, with the reason. */
  public static final class InvalidManifestException extends Exception {
    public InvalidManifestException(String message) {
      super(message);
    }
  }
}
