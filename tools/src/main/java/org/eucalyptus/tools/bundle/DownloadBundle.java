package org.eucalyptus.tools.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code euca-download-bundle}: fetches a bundle's parts and manifest from Walrus into a directory. */
@Command(name = "euca-download-bundle", mixinStandardHelpOptions = true, version = "euca-download-bundle 0.2",
    description = "Download a bundled image from the cloud; each part is checked against its SHA-1 in the manifest."
        + " Run euca-unbundle on what you download to get the original image back.")
final class DownloadBundle implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ManifestChoice which;

  @Option(names = {"-d", "--directory"}, paramLabel = "DIR", defaultValue = ".",
      description = "the directory to download the bundle to (default: the current directory)")
  Path directory;

  @Mixin ServiceOptions service;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(directory)) {
      throw ImageTools.usage(spec, "-d/--directory: '" + directory + "' does not exist");
    }
    if (!Files.isDirectory(directory)) {
      throw ImageTools.usage(spec, "-d/--directory: '" + directory + "' is not a directory");
    }
    S3Client s3 = service.s3();
    ManifestChoice.Found found = which.read(s3);
    BundleManifest m = found.manifest();
    BucketPath from = which.place();
    long total = m.bundledSize() > 0 ? m.bundledSize() : 0;
    ProgressBar bar = progress.bar("Downloading", total);
    long before = 0;
    for (BundleManifest.Part part : m.parts()) {
      Path file = directory.resolve(part.filename());
      long base = before;
      String sha1;
      try {
        sha1 = s3.getToFile(from.bucket(), from.key(part.filename()), file, done -> bar.update(base + done));
      } catch (S3Client.S3Error e) {
        throw new ToolFailure("part " + from.location(part.filename()) + ": " + e.code + ": " + e.getMessage(), e);
      }
      if (part.sha1() != null && !part.sha1().isEmpty() && !part.sha1().equalsIgnoreCase(sha1)) {
        Files.deleteIfExists(file);
        throw new ToolFailure("downloaded part " + part.filename() + " appears to be corrupt (expected SHA-1 "
            + part.sha1() + ", got " + sha1 + ")");
      }
      before += Files.size(file);
      bar.update(before);
    }
    bar.finish();
    Path manifestFile = directory.resolve(which.manifestFileName());
    if (found.key() != null || !Files.exists(manifestFile)) {
      Files.writeString(manifestFile, found.document());
    }
    System.out.println("Wrote manifest " + manifestFile);
    return 0;
  }
}
