package org.eucalyptus.tools.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import org.eucalyptus.common.images.ImageBundler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code euca-bundle-image}: bundles an image file for this cloud, with euca2ools 3's flags. */
@Command(name = "euca-bundle-image", mixinStandardHelpOptions = true, version = "euca-bundle-image 0.2",
    description = "Prepare an image for uploading to the cloud: tar, gzip, encrypt for the cloud (and for you) and"
        + " split into parts, with a manifest signed by you. Keys and certificates come from the flags, --config or"
        + " the environment (eucarc).")
final class BundleImage implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--image"}, required = true, paramLabel = "FILE", description = "the image file to bundle")
  Path image;

  @Option(names = {"-r", "--arch"}, defaultValue = "x86_64", paramLabel = "ARCH",
      description = "the image's architecture: i386 or x86_64 (default x86_64)")
  String arch;

  @Option(names = {"-c", "--cert"}, paramLabel = "FILE", description = "your X.509 certificate (default: EC2_CERT)")
  String cert;

  @Option(names = {"-k", "--privatekey"}, paramLabel = "FILE",
      description = "your private key, to sign the manifest (default: EC2_PRIVATE_KEY); it also unbundles the image")
  String privateKey;

  @Option(names = {"-u", "--user"}, paramLabel = "ACCOUNT", description = "your account id (default: EC2_USER_ID)")
  String user;

  @Option(names = "--ec2cert", paramLabel = "FILE", description = "the cloud's X.509 certificate (default: EUCALYPTUS_CERT)")
  String cloudCert;

  @Option(names = {"-d", "--destination"}, paramLabel = "DIR",
      description = "where to write the bundle (default: a new directory under $TMPDIR, $TEMP, $TMP or /var/tmp)")
  Path destination;

  @Option(names = {"-p", "--prefix"}, description = "file name prefix of the bundle (default: the image's file name)")
  String prefix;

  @Option(names = "--kernel", paramLabel = "IMAGE",
      description = "eki- id of the machine image's kernel, or 'true' when bundling a kernel")
  String kernel;

  @Option(names = "--ramdisk", paramLabel = "IMAGE",
      description = "eri- id of the machine image's ramdisk, or 'true' when bundling a ramdisk")
  String ramdisk;

  @Option(names = "--image-type", hidden = true, description = "machine, kernel or ramdisk")
  String imageType;

  @Option(names = {"-B", "--block-device-mappings", "--block-device-mapping"},
      paramLabel = "VIRTUAL1=DEVICE1,VIRTUAL2=DEVICE2,...",
      description = "the machine image's default block device mapping (default: ami=sda1,root=/dev/sda1,"
          + "ephemeral0=sda2,swap=sda3)")
  String mapping;

  @Option(names = "--config", paramLabel = "FILE", description = "an eucarc to read settings from instead of the environment")
  Path config;

  @Option(names = "--part-size", defaultValue = "10485760", hidden = true, description = "part size in bytes")
  int partSize;

  @Option(names = "--batch", hidden = true, description = "accepted for compatibility; does nothing")
  boolean batch;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() throws Exception {
    if (!arch.equals("i386") && !arch.equals("x86_64")) {
      throw ImageTools.usage(spec, "-r/--arch: this cloud runs i386 and x86_64 images, not '" + arch + "'");
    }
    String type = imageType == null ? "machine" : imageType;
    if ("true".equals(kernel)) {
      type = "kernel";
    }
    if ("true".equals(ramdisk)) {
      type = "ramdisk";
    }
    if (!List.of("machine", "kernel", "ramdisk").contains(type)) {
      throw ImageTools.usage(spec, "--image-type: machine, kernel or ramdisk, not '" + type + "'");
    }
    boolean kernelId = kernel != null && !"true".equals(kernel);
    boolean ramdiskId = ramdisk != null && !"true".equals(ramdisk);
    if (type.equals("kernel") && (kernelId || ramdisk != null)) {
      throw ImageTools.usage(spec, (kernelId ? "--kernel" : "--ramdisk") + ": not compatible with image type 'kernel'");
    }
    if (type.equals("ramdisk") && (ramdiskId || kernel != null)) {
      throw ImageTools.usage(spec, (kernel != null ? "--kernel" : "--ramdisk") + ": not compatible with image type 'ramdisk'");
    }
    if (!type.equals("machine") && mapping != null) {
      throw ImageTools.usage(spec, "-B/--block-device-mappings: not for a " + type + " image");
    }
    List<BundleManifest.Mapping> mappings = new ArrayList<>();
    if (mapping != null) {
      for (String pair : mapping.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] kv = pair.split("=", -1);
        if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
          throw ImageTools.usage(spec, "-B/--block-device-mappings: invalid device mapping '" + pair
              + "' (must have format 'VIRTUAL=DEVICE')");
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
    if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
      throw ImageTools.usage(spec, "-p/--prefix: a file name, without '/'");
    }
    if (destination != null && Files.exists(destination) && !Files.isDirectory(destination)) {
      throw ImageTools.usage(spec, "-d/--destination: '" + destination + "' is not a directory");
    }
    if (partSize < 1024) {
      throw ImageTools.usage(spec, "--part-size: at least 1024 bytes");
    }
    if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
      return ImageTools.fail("euca-bundle-image", "cannot read the image file " + image);
    }
    UserSettings s = UserSettings.load(config);
    var userCert = KeyFiles.certificate(s.get(cert, "EC2_CERT", "-c/--cert"), "certificate");
    var userKey = KeyFiles.privateKey(s.get(privateKey, "EC2_PRIVATE_KEY", "-k/--privatekey"), "private key");
    var cloud = KeyFiles.certificate(s.get(cloudCert, "EUCALYPTUS_CERT", "--ec2cert"), "cloud certificate");
    String account = s.get(user, "EC2_USER_ID", "-u/--user").replace("-", "");
    Path dir = destination != null ? destination : WorkDirectory.create("bundle-");
    ProgressBar bar = progress.bar("Bundling image", Files.size(image));
    ImageBundler.Result r = ImageBundler.bundle(new ImageBundler.Request(image, dir, name, account, arch, type,
        type.equals("machine") ? kernel : null, type.equals("machine") ? ramdisk : null, mappings, userCert, userKey,
        cloud, partSize), bar::update);
    bar.finish();
    for (Path p : r.partFiles()) {
      System.out.println("Wrote " + p);
    }
    System.out.println("Wrote manifest " + r.manifestFile());
    return 0;
  }
}
