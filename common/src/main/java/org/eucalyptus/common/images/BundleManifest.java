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
    String machine = machineConfigurationXml();
    String image = imageXml();
    Signature s = Signature.getInstance("SHA1withRSA");
    s.initSign(key);
    s.update((machine + image).getBytes(StandardCharsets.UTF_8));
    String sig = HexFormat.of().formatHex(s.sign());
    return document(machine, image, sig);
  }

  private static String document(String machine, String image, String sig) {
    return "<?xml version=\"1.0\" ?><manifest><version>" + VERSION + "</version>"
        + "<bundler><name>eucalyptus-java-tools</name><version>0.1</version><release>0</release></bundler>"
        + machine + image + "<signature>" + sig + "</signature></manifest>";
  }

  private String machineConfigurationXml() {
    StringBuilder b = new StringBuilder("<machine_configuration>");
    el(b, "architecture", architecture);
    if (!blockDeviceMapping.isEmpty()) {
      b.append("<block_device_mapping>");
      for (Mapping m : blockDeviceMapping) {
        b.append("<mapping>");
        el(b, "virtual", m.virtualName());
        el(b, "device", m.device());
        b.append("</mapping>");
      }
      b.append("</block_device_mapping>");
    }
    el(b, "kernel_id", kernelId);
    el(b, "ramdisk_id", ramdiskId);
    return b.append("</machine_configuration>").toString();
  }

  private String imageXml() {
    StringBuilder b = new StringBuilder("<image>");
    el(b, "name", imageName);
    el(b, "user", user);
    el(b, "type", imageType);
    b.append("<digest algorithm=\"SHA1\">").append(escape(digest)).append("</digest>");
    el(b, "size", Long.toString(size));
    el(b, "bundled_size", Long.toString(bundledSize));
    b.append("<ec2_encrypted_key algorithm=\"" + CIPHER + "\">").append(escape(ec2EncryptedKey))
        .append("</ec2_encrypted_key>");
    b.append("<user_encrypted_key algorithm=\"" + CIPHER + "\">").append(escape(userEncryptedKey))
        .append("</user_encrypted_key>");
    el(b, "ec2_encrypted_iv", ec2EncryptedIv);
    el(b, "user_encrypted_iv", userEncryptedIv);
    b.append("<parts count=\"").append(parts.size()).append("\">");
    for (int i = 0; i < parts.size(); i++) {
      b.append("<part index=\"").append(i).append("\">");
      el(b, "filename", parts.get(i).filename());
      b.append("<digest algorithm=\"SHA1\">").append(escape(parts.get(i).sha1())).append("</digest>");
      b.append("</part>");
    }
    return b.append("</parts></image>").toString();
  }

  private static void el(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
