package org.eucalyptus.tools.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import org.eucalyptus.common.images.BundleUnpacker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code euca-unbundle}: rebuilds the image from a bundle on disk, with the private key matching the
 * certificate it was bundled for (the user's, or the cloud's), by the same code Walrus uses for nodes.
 */
@Command(name = "euca-unbundle", mixinStandardHelpOptions = true, version = "euca-unbundle 0.2",
    description = "Recreate an image from its bundled parts. The key used to unbundle the image must match a"
        + " certificate that was used to bundle it.")
final class Unbundle implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--manifest"}, required = true, paramLabel = "FILE", description = "the bundle's manifest file")
  Path manifest;

  @Option(names = {"-s", "--source"}, paramLabel = "DIR", defaultValue = ".",
      description = "directory containing the bundle's parts (default: the current directory)")
  Path source;

  @Option(names = {"-d", "--destination"}, paramLabel = "DIR", defaultValue = ".",
      description = "where to write the image (default: the current directory)")
  Path destination;

  @Option(names = {"-k", "--privatekey"}, paramLabel = "FILE",
      description = "the private key to decrypt the bundle with (default: EC2_PRIVATE_KEY)")
  String privateKey;

  @Option(names = "--config", paramLabel = "FILE", description = "an eucarc to read settings from instead of the environment")
  Path config;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() throws Exception {
    for (var d : List.of(java.util.Map.entry("-s/--source", source), java.util.Map.entry("-d/--destination", destination))) {
      if (!Files.exists(d.getValue())) {
        throw ImageTools.usage(spec, d.getKey() + ": directory '" + d.getValue() + "' does not exist");
      }
      if (!Files.isDirectory(d.getValue())) {
        throw ImageTools.usage(spec, d.getKey() + ": '" + d.getValue() + "' is not a directory");
      }
    }
    if (!Files.isRegularFile(manifest) || !Files.isReadable(manifest)) {
      throw new ToolFailure("cannot read the manifest file " + manifest);
    }
    var key = KeyFiles.privateKey(UserSettings.load(config).get(privateKey, "EC2_PRIVATE_KEY", "-k/--privatekey"),
        "private key");
    BundleManifest m;
    try {
      m = BundleManifest.parse(Files.readString(manifest));
    } catch (BundleManifest.InvalidManifestException e) {
      throw new ToolFailure(manifest + ": " + e.getMessage());
    }
    long total = 0;
    for (BundleManifest.Part p : m.parts()) {
      Path f = source.resolve(p.filename());
      if (!Files.isReadable(f)) {
        throw new ToolFailure("bundle part '" + f + "' does not exist; you may need to use -s to say where the"
            + " bundle's parts are");
      }
      total += Files.size(f);
    }
    Path image = destination.resolve(imageFileName(m));
    Path partial = Files.createTempFile(destination, "." + image.getFileName(), ".unbundling");
    ProgressBar bar = progress.bar("Unbundling", total);
    long[] read = new long[1];
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(partial), 256 * 1024)) {
      BundleUnpacker.unpack(m, name -> counting(Files.newInputStream(source.resolve(name)), read, bar), key,
          List.of(BundleUnpacker.KeyCopy.USER, BundleUnpacker.KeyCopy.CLOUD), out);
    } catch (BundleUnpacker.CorruptBundleException e) {
      Files.deleteIfExists(partial);
      throw new ToolFailure(e.getMessage());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    bar.finish();
    Files.move(partial, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("Wrote " + image);
    return 0;
  }

  /** The image's own name from the manifest; a name that is not a plain file name falls back to the manifest's. */
  private String imageFileName(BundleManifest m) {
    String n = m.imageName();
    if (n == null || n.isBlank() || n.contains("/") || n.equals(".") || n.equals("..")) {
      n = manifest.getFileName().toString().replaceAll("\\.manifest\\.xml$", "");
    }
    return n;
  }

  private static InputStream counting(InputStream in, long[] read, ProgressBar bar) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read[0] += n;
          bar.update(read[0]);
        }
        return n;
      }
    };
  }
}
