package org.eucalyptus.tools.bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.common.images.BundleManifest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which uploaded bundle a command works on, as euca2ools 3 names it: {@code -b BUCKET[/PREFIX]} and
 * one of {@code -m} (the manifest's name in that place), {@code -p} (the name before
 * {@code .manifest.xml}) or {@code --local-manifest} (a manifest file on disk).
 */
final class ManifestChoice {
  @Option(names = {"-b", "--bucket"}, required = true, paramLabel = "BUCKET[/PREFIX]",
      description = "the bucket that holds the bundle, with an optional key prefix")
  String bucket;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = {"-m", "--manifest"}, paramLabel = "MANIFEST",
        description = "the manifest's file name in the bucket (without the path given with -b)")
    String manifest;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX",
        description = "the part of the manifest's file name before .manifest.xml")
    String prefix;

    @Option(names = "--local-manifest", paramLabel = "FILE", description = "use this manifest file on disk")
    Path localManifest;
  }

  /** The manifest read, its text, and its key in the bucket (null for a local manifest). */
  record Found(BundleManifest manifest, String document, String key) {}

  BucketPath place() {
    return BucketPath.parse(bucket);
  }

  /** The manifest's key in the bucket, or null when a local manifest is used. */
  String manifestKey() {
    if (which.manifest != null) {
      return place().key(which.manifest);
    }
    if (which.prefix != null) {
      return place().key(which.prefix + ".manifest.xml");
    }
    return null;
  }

  /** The manifest's file name. */
  String manifestFileName() {
    if (which.localManifest != null) {
      return which.localManifest.getFileName().toString();
    }
    String key = manifestKey();
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** Reads the manifest from disk or from the bucket. */
  Found read(S3Client s3) throws Exception {
    String key = manifestKey();
    String doc;
    if (key == null) {
      if (!Files.isRegularFile(which.localManifest) || !Files.isReadable(which.localManifest)) {
        throw new ToolFailure("cannot read the manifest file " + which.localManifest);
      }
      doc = Files.readString(which.localManifest);
    } else {
      try {
        doc = new String(s3.getBytes(place().bucket(), key), StandardCharsets.UTF_8);
      } catch (S3Client.S3Error e) {
        if (e.status == 404) {
          throw new ToolFailure("manifest '" + place().bucket() + "/" + key + "' does not exist on the server ("
              + e.code + ")", e);
        }
        throw e;
      }
    }
    try {
      return new Found(BundleManifest.parse(doc), doc, key);
    } catch (BundleManifest.InvalidManifestException e) {
      throw new ToolFailure((key == null ? which.localManifest.toString() : key) + ": " + e.getMessage());
    }
  }
}
