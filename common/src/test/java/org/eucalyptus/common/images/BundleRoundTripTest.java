package org.eucalyptus.common.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eucalyptus.common.pki.TestCa;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle made by {@link ImageBundler} opens again with {@link BundleUnpacker}, and any tampering is caught. */
@UnitTest
class BundleRoundTripTest {
  static TestCa cloud;
  static TestCa.Issued user;
  @TempDir static Path dir;
  static byte[] image;
  static ImageBundler.Result bundle;
  static List<Long> progress = new ArrayList<>();

  @BeforeAll
  static void bundleOnce() throws Exception {
    cloud = new TestCa("CN=cloud");
    user = cloud.issue("CN=alice, OU=123456789012, O=Eucalyptus");
    image = new byte[3 * 1024 * 1024 + 12345];
    new Random(7).nextBytes(image); // random bytes do not compress: several parts
    Path file = dir.resolve("disk.img");
    Files.write(file, image);
    bundle = ImageBundler.bundle(new ImageBundler.Request(file, dir.resolve("out"), "disk.img", "123456789012",
        "x86_64", "machine", "eki-12345678", null, List.of(new BundleManifest.Mapping("ami", "sda1")),
        user.cert(), user.keys().getPrivate(), cloud.cert, 1024 * 1024), progress::add);
  }

  @Test
  void manifestDescribesTheImageAndIsSignedByTheUser() throws Exception {
    String doc = Files.readString(bundle.manifestFile());
    assertThat(bundle.manifestFile().getFileName().toString()).isEqualTo("disk.img.manifest.xml");
    BundleManifest m = BundleManifest.parse(doc);
    assertThat(m.architecture()).isEqualTo("x86_64");
    assertThat(m.kernelId()).isEqualTo("eki-12345678");
    assertThat(m.ramdiskId()).isNull();
    assertThat(m.imageType()).isEqualTo("machine");
    assertThat(m.user()).isEqualTo("123456789012");
    assertThat(m.size()).isEqualTo(image.length);
    assertThat(m.parts()).hasSize(4).extracting(BundleManifest.Part::filename)
        .containsExactly("disk.img.part.00", "disk.img.part.01", "disk.img.part.02", "disk.img.part.03");
    assertThat(m.bundledSize()).isEqualTo(bundle.partFiles().stream().mapToLong(p -> p.toFile().length()).sum());
    assertThat(m.blockDeviceMapping()).containsExactly(new BundleManifest.Mapping("ami", "sda1"));
    assertThat(BundleManifest.signatureValid(doc, m.signature(), user.cert().getPublicKey())).isTrue();
    assertThat(BundleManifest.signatureValid(doc, m.signature(), cloud.cert.getPublicKey())).isFalse();
    String tampered = doc.replace("<architecture>x86_64</architecture>", "<architecture>i386</architecture>");
    assertThat(BundleManifest.signatureValid(tampered, m.signature(), user.cert().getPublicKey())).isFalse();
    assertThat(progress).isNotEmpty().last().isEqualTo((long) image.length);
  }

  @Test
  void textThatNeedsEscapingComesBackAndStaysSigned() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    String name = "a <b> & \"c\" 'd' \u00e9";
    BundleManifest renamed = new BundleManifest(m.architecture(), m.kernelId(), m.ramdiskId(), m.blockDeviceMapping(),
        name, m.user(), m.imageType(), m.digest(), m.size(), m.bundledSize(), m.ec2EncryptedKey(),
        m.userEncryptedKey(), m.ec2EncryptedIv(), m.userEncryptedIv(), m.parts(), null);
    String doc = renamed.renderSigned(user.keys().getPrivate());
    BundleManifest back = BundleManifest.parse(doc);
    assertThat(back.withSignature(null)).isEqualTo(renamed);
    assertThat(BundleManifest.signatureValid(doc, back.signature(), user.cert().getPublicKey())).isTrue();
  }

  @Test
  void unpacksToTheSameBytesWithTheCloudKey() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)),
        cloud.keys.getPrivate(), out);
    assertThat(n).isEqualTo(image.length);
    assertThat(out.toByteArray()).isEqualTo(image);
  }

  @Test
  void theUsersKeyOpensTheUsersCopyOnly() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<BundleUnpacker.KeyCopy> either = List.of(BundleUnpacker.KeyCopy.USER, BundleUnpacker.KeyCopy.CLOUD);
    long n = BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)),
        user.keys().getPrivate(), either, out);
    assertThat(n).isEqualTo(image.length);
    assertThat(out.toByteArray()).isEqualTo(image);
    // the cloud's key opens its own copy when either is allowed (as euca-unbundle does)
    ByteArrayOutputStream byCloud = new ByteArrayOutputStream();
    BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)), cloud.keys.getPrivate(),
        either, byCloud);
    assertThat(byCloud.toByteArray()).isEqualTo(image);
    // Walrus opens only the cloud's copy: the user's key is no use there
    assertThatThrownBy(() -> BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)),
        user.keys().getPrivate(), new ByteArrayOutputStream()))
        .isInstanceOf(BundleUnpacker.CorruptBundleException.class).hasMessageContaining("this cloud's key");
    TestCa other = new TestCa("CN=someone else");
    assertThatThrownBy(() -> BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)),
        other.keys.getPrivate(), either, new ByteArrayOutputStream()))
        .isInstanceOf(BundleUnpacker.CorruptBundleException.class).hasMessageContaining("this private key");
  }

  @Test
  void anotherCloudsKeyCannotOpenIt() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    TestCa other = new TestCa("CN=other cloud");
    assertThatThrownBy(() -> BundleUnpacker.unpack(m, f -> Files.newInputStream(dir.resolve("out").resolve(f)),
        other.keys.getPrivate(), new ByteArrayOutputStream()))
        .isInstanceOf(BundleUnpacker.CorruptBundleException.class).hasMessageContaining("cannot be opened");
  }

  @Test
  void aCorruptedPartIsRefused() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    Path copy = dir.resolve("corrupt");
    Files.createDirectories(copy);
    for (Path p : bundle.partFiles()) {
      Files.copy(p, copy.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    byte[] part = Files.readAllBytes(copy.resolve("disk.img.part.01"));
    part[1000] ^= 1;
    Files.write(copy.resolve("disk.img.part.01"), part);
    assertThatThrownBy(() -> BundleUnpacker.unpack(m, f -> Files.newInputStream(copy.resolve(f)),
        cloud.keys.getPrivate(), new ByteArrayOutputStream()))
        .isInstanceOf(BundleUnpacker.CorruptBundleException.class).hasMessageContaining("disk.img.part.01");
  }

  @Test
  void aMissingPartFailsWithTheFileSystemsError() throws Exception {
    BundleManifest m = BundleManifest.parse(Files.readString(bundle.manifestFile()));
    assertThatThrownBy(() -> BundleUnpacker.unpack(m, f -> {
      throw new java.nio.file.NoSuchFileException(f);
    }, cloud.keys.getPrivate(), new ByteArrayOutputStream())).isInstanceOf(IOException.class);
  }

  @Test
  void malformedManifestsAreNamedPrecisely() {
    assertThatThrownBy(() -> BundleManifest.parse("not xml")).hasMessageContaining("not well-formed");
    assertThatThrownBy(() -> BundleManifest.parse("<manifest><machine_configuration/></manifest>"))
        .hasMessageContaining("<image>");
    assertThatThrownBy(() -> BundleManifest.parse("<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM "
        + "\"file:///etc/passwd\">]><manifest>&x;</manifest>")).hasMessageContaining("not well-formed");
    assertThatThrownBy(() -> BundleManifest.parse("<manifest><machine_configuration/><image><type>machine</type>"
        + "<ec2_encrypted_key>00</ec2_encrypted_key><ec2_encrypted_iv>00</ec2_encrypted_iv><parts count=\"1\">"
        + "<part index=\"0\"><filename>../../etc/passwd</filename></part></parts></image></manifest>"))
        .hasMessageContaining("not a plain file name");
  }
}
