package org.eucalyptus.tools.bundle;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code euca-upload-bundle}: uploads a bundle's parts and then its manifest to Walrus. */
@Command(name = "euca-upload-bundle", mixinStandardHelpOptions = true, version = "euca-upload-bundle 0.1",
    description = "Upload a bundle made by euca-bundle-image to a bucket (created if needed): the parts first,"
        + " the manifest last, so a registered manifest never names a missing part.")
final class UploadBundle implements Callable<Integer> {
  @Option(names = {"-b", "--bucket"}, required = true, description = "bucket, optionally with a key prefix: bucket/prefix")
  String bucket;

  @Option(names = {"-m", "--manifest"}, required = true, description = "the bundle's manifest file")
  Path manifest;

  @Option(names = {"-d", "--directory"}, description = "where the parts are (default: the manifest's directory)")
  Path directory;

  @Option(names = "--acl", defaultValue = "aws-exec-read", description = "canned ACL of the uploaded files (default aws-exec-read)")
  String acl;

  @Option(names = {"-l", "--location"}, description = "location constraint of a bucket that is created")
  String location;

  @Option(names = "--part", description = "upload from this part on (resuming an upload)")
  Integer fromPart;

  @Option(names = "--skipmanifest", description = "do not upload the manifest")
  boolean skipManifest;

  @Option(names = {"-a", "--access-key"}, description = "access key (default: EC2_ACCESS_KEY)")
  String accessKey;

  @Option(names = {"-s", "--secret-key"}, description = "secret key (default: EC2_SECRET_KEY)")
  String secretKey;

  @Option(names = {"-U", "--url"}, description = "Walrus's URL (default: S3_URL)")
  String url;

  @Option(names = "--region", description = "signing region (default: AWS_DEFAULT_REGION, else eucalyptus)")
  String region;

  @Option(names = "--config", description = "an eucarc to read settings from instead of the environment")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(manifest)) {
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
    UserSettings s = UserSettings.load(config);
    String name = bucket;
    String prefix = "";
    int slash = bucket.indexOf('/');
    if (slash >= 0) {
      name = bucket.substring(0, slash);
      prefix = bucket.substring(slash + 1);
      if (!prefix.isEmpty() && !prefix.endsWith("/")) {
        prefix += "/";
      }
    }
    S3Client s3 = new S3Client(URI.create(s.get(url, "S3_URL", "--url")), s.get(accessKey, "EC2_ACCESS_KEY", "--access-key"),
        s.get(secretKey, "EC2_SECRET_KEY", "--secret-key"),
        region != null ? region : s.optional(null, "AWS_DEFAULT_REGION") != null ? s.optional(null, "AWS_DEFAULT_REGION")
            : "eucalyptus");
    try {
      s3.createBucket(name, location);
      ProgressBar bar = ProgressBar.onStderr("Uploading", total);
      long before = 0;
      int start = fromPart == null ? 0 : fromPart;
      for (int i = 0; i < m.parts().size(); i++) {
        Path f = dir.resolve(m.parts().get(i).filename());
        long base = before;
        if (i >= start) {
          uploadWithRetries(s3, name, prefix + f.getFileName(), f, done -> bar.update(base + done));
        }
        before += Files.size(f);
        bar.update(before);
      }
      bar.finish();
      if (!skipManifest) {
        s3.putFile(name, prefix + manifest.getFileName(), manifest, acl, done -> { });
      }
    } catch (S3Client.S3Error e) {
      return ImageTools.fail("euca-upload-bundle", e.code + ": " + e.getMessage());
    }
    System.out.println("Uploaded image as " + name + "/" + prefix + manifest.getFileName());
    return 0;
  }

  private void uploadWithRetries(S3Client s3, String bucketName, String key, Path f, java.util.function.LongConsumer p)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putFile(bucketName, key, f, acl, p);
        return;
      } catch (java.io.IOException e) {
        if (attempt == 3) {
          throw e;
        }
        System.err.println("euca-upload-bundle: " + key + ": " + e.getMessage() + "; trying again");
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
