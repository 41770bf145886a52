package org.eucalyptus.tools.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.eucalyptus.common.images.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code euca-upload-bundle}: uploads a bundle's parts and then its manifest to Walrus. */
@Command(name = "euca-upload-bundle", mixinStandardHelpOptions = true, version = "euca-upload-bundle 0.2",
    description = "Upload a bundle made by euca-bundle-image to a bucket (created if needed): the parts first,"
        + " the manifest last, so a registered manifest never names a missing part.")
final class UploadBundle implements Callable<Integer> {
  private static final java.util.List<String> ACLS = java.util.List.of("public-read", "aws-exec-read", "ec2-bundle-read");

  @Spec CommandSpec spec;

  @Option(names = {"-b", "--bucket"}, required = true, paramLabel = "BUCKET[/PREFIX]",
      description = "bucket to upload the bundle to, with an optional key prefix")
  String bucket;

  @Option(names = {"-m", "--manifest"}, required = true, paramLabel = "FILE", description = "the bundle's manifest file")
  Path manifest;

  @Option(names = {"-d", "--directory"}, paramLabel = "DIR",
      description = "where the parts are (default: the manifest's directory)")
  Path directory;

  @Option(names = "--acl", defaultValue = "aws-exec-read",
      description = "canned ACL of the uploaded files: public-read, aws-exec-read or ec2-bundle-read (default aws-exec-read)")
  String acl;

  @Option(names = "--location", description = "location constraint of a bucket that is created")
  String location;

  @Option(names = "--part", paramLabel = "INT", defaultValue = "0", description = "begin with this part (resuming an upload)")
  int fromPart;

  @Option(names = "--skipmanifest", description = "do not upload the manifest")
  boolean skipManifest;

  @Option(names = "--retry", description = "try a failed part up to 5 more times (default: 2 more)")
  boolean retry;

  @Mixin ServiceOptions service;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() throws Exception {
    if (!ACLS.contains(acl)) {
      throw ImageTools.usage(spec, "--acl: one of " + String.join(", ", ACLS) + ", not '" + acl + "'");
    }
    if (fromPart < 0) {
      throw ImageTools.usage(spec, "--part: a part number, 0 or more");
    }
    BucketPath to = BucketPath.parse(bucket);
    if (to.bucket().isEmpty()) {
      throw ImageTools.usage(spec, "-b/--bucket: names no bucket");
    }
    if (!Files.isRegularFile(manifest) || !Files.isReadable(manifest)) {
      return ImageTools.fail("euca-upload-bundle", "cannot read the manifest " + manifest);
    }
    BundleManifest m;
    try {
      m = BundleManifest.parse(Files.readString(manifest));
    } catch (BundleManifest.InvalidManifestException e) {
      return ImageTools.fail("euca-upload-bundle", manifest + ": " + e.getMessage());
    }
    Path dir = directory != null ? directory : manifest.toAbsolutePath().getParent();
    long total = 0;
    for (BundleManifest.Part p : m.parts()) {
      Path f = dir.resolve(p.filename());
      if (!Files.isReadable(f)) {
        return ImageTools.fail("euca-upload-bundle", "part " + p.filename() + " is not in " + dir);
      }
      total += Files.size(f);
    }
    S3Client s3 = service.s3();
    if (!s3.bucketExists(to.bucket())) {
      s3.createBucket(to.bucket(), location);
    }
    ProgressBar bar = progress.bar("Uploading", total);
    long before = 0;
    for (int i = 0; i < m.parts().size(); i++) {
      Path f = dir.resolve(m.parts().get(i).filename());
      long base = before;
      if (i >= fromPart) {
        uploadWithRetries(s3, to, f, done -> bar.update(base + done));
      }
      before += Files.size(f);
      bar.update(before);
    }
    bar.finish();
    if (!skipManifest) {
      uploadWithRetries(s3, to, manifest, done -> { });
    }
    System.out.println("Uploaded " + to.location(manifest.getFileName().toString()));
    return 0;
  }

  private void uploadWithRetries(S3Client s3, BucketPath to, Path f, LongConsumer p) throws Exception {
    int attempts = retry ? 6 : 3;
    String key = to.key(f.getFileName().toString());
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putFile(to.bucket(), key, f, acl, p);
        return;
      } catch (java.io.IOException e) {
        if (attempt == attempts) {
          throw e;
        }
        System.err.println("euca-upload-bundle: " + key + ": " + e.getMessage() + "; trying again");
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
