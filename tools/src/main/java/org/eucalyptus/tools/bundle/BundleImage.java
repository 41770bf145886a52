package org.eucalyptus.tools.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import org.eucalyptus.common.images.ImageBundler;
import org.eucalyptus.common.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code euca-bundle-image}: bundles an image file for this cloud, with euca2ools' flags. */
@Command(name = "euca-bundle-image", mixinStandardHelpOptions = true, version = "euca-bundle-image 0.1",
    description = "Bundle an image for upload: tar, gzip, encrypt for the cloud and split into parts, with a"
        + " manifest signed by you. Credentials come from the flags, --config or the environment (eucarc).")
final class BundleImage implements Callable<Integer> {
  @Option(names = {"-i", "--image"}, required = true, description = "the image file to bundle")
  Path image;

  @Option(names = {"-c", "--cert"}, description = "your certificate (default: EC2_CERT)")
  String cert;

  @Option(names = {"-k", "--privatekey"}, description = "your private key (default: EC2_PRIVATE_KEY)")
  String privateKey;

  @Option(names = {"-u", "--user"}, description = "your account number (default: EC2_USER_ID)")
  String user;

  @Option(names = "--ec2cert", description = "the cloud's certificate (default: EUCALYPTUS_CERT)")
  String cloudCert;

  @Option(names = {"-d", "--destination"}, defaultValue = "/tmp", description = "where to write the bundle (default /tmp)")
  Path destination;

  @Option(names = {"-p", "--prefix"}, description = "file name prefix of the bundle (default: the image's file name)")
  String prefix;

  @Option(names = {"-r", "--arch"}, defaultValue = "x86_64", description = "i386 or x86_64 (default x86_64)")
  String arch;

  @Option(names = "--kernel", description = "eki- id of the image's kernel, or 'true' when bundling a kernel")
  String kernel;

  @Option(names = "--ramdisk", description = "eri- id of the image's ramdisk, or 'true' when bundling a ramdisk")
  String ramdisk;

  @Option(names = "--image-type", description = "machine, kernel or ramdisk (euca2ools 3's form of --kernel true)")
  String imageType;

  @Option(names = {"-B", "--block-device-mapping"},
      description = "virtual=device pairs, comma-separated (e.g. ami=sda1,root=/dev/sda1,ephemeral0=sda2,swap=sda3)")
  String mapping;

  @Option(names = "--config", description = "an eucarc to read settings from instead of the environment")
  Path config;

  @Option(names = "--part-size", defaultValue = "10485760", hidden = true, description = "part size in bytes")
  int partSize;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
      return ImageTools.fail("euca-bundle-image", "cannot read the image file " + image);
    }
    if (!arch.equals("i386") && !arch.equals("x86_64")) {
      return ImageTools.fail("euca-bundle-image", "--arch must be i386 or x86_64, not " + arch);
    }
    String type = imageType;
    if ("true".equals(kernel)) {
      type = "kernel";
      kernel = null;
    }
    if ("true".equals(ramdisk)) {
      type = "ramdisk";
      ramdisk = null;
    }
    type = type == null ? "machine" : type;
    if (!List.of("machine", "kernel", "ramdisk").contains(type)) {
      return ImageTools.fail("euca-bundle-image", "--image-type must be machine, kernel or ramdisk");
    }
    UserSettings s = UserSettings.load(config);
    var userCert = Pem.readCertificate(Path.of(s.get(cert, "EC2_CERT", "--cert")));
    var userKey = Pem.readPrivateKey(Path.of(s.get(privateKey, "EC2_PRIVATE_KEY", "--privatekey")));
    var cloud = Pem.readCertificate(Path.of(s.get(cloudCert, "EUCALYPTUS_CERT", "--ec2cert")));
    String account = s.get(user, "EC2_USER_ID", "--user");
    List<BundleManifest.Mapping> mappings = new ArrayList<>();
    if (mapping != null) {
      for (String pair : mapping.split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
          return ImageTools.fail("euca-bundle-image", "--block-device-mapping wants virtual=device pairs, not " + pair);
        }
        mappings.add(new BundleManifest.Mapping(kv[0].trim(), kv[1].trim()));
      }
    } else if (type.equals("machine")) {
      mappings.add(new BundleManifest.Mapping("ami", "sda1"));
      mappings.add(new BundleManifest.Mapping("root", "/dev/sda1"));
      mappings.add(new BundleManifest.Mapping("ephemeral0", "sda2"));
      mappings.add(new BundleManifest.Mapping("swap", "sda3"));
    }
    String name = prefix != null ? prefix : image.getFileName().toString();
    if (name.contains("/")) {
      return ImageTools.fail("euca-bundle-image", "--prefix is a file name, without '/'");
    }
    ProgressBar bar = ProgressBar.onStderr("Bundling", Files.size(image));
    ImageBundler.Result r = ImageBundler.bundle(new ImageBundler.Request(image, destination, name, account, arch, type,
        type.equals("machine") ? kernel : null, type.equals("machine") ? ramdisk : null, mappings, userCert, userKey,
        cloud, partSize), bar::update);
    bar.finish();
    for (Path p : r.partFiles()) {
      System.out.println("Part: " + p.getFileName());
    }
    System.out.println("Generating manifest " + r.manifestFile());
    return 0;
  }
}
