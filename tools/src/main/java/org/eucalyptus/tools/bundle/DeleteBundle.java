package org.eucalyptus.tools.bundle;

import java.util.concurrent.Callable;
import org.eucalyptus.common.images.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code euca-delete-bundle}: deletes an uploaded bundle's parts and manifest, and with --clear its bucket. */
@Command(name = "euca-delete-bundle", mixinStandardHelpOptions = true, version = "euca-delete-bundle 0.2",
    description = "Delete a previously uploaded bundle: its parts, then its manifest.")
final class DeleteBundle implements Callable<Integer> {
  @Mixin ManifestChoice which;

  @Option(names = "--clear", description = "delete the bucket as well (when it is then empty)")
  boolean clear;

  @Mixin ServiceOptions service;

  @Override
  public Integer call() throws Exception {
    S3Client s3 = service.s3();
    BucketPath place = which.place();
    ManifestChoice.Found found;
    try {
      found = which.read(s3);
    } catch (ToolFailure e) {
      // As euca2ools: with --clear, a bucket without the manifest is still deleted if it is empty.
      if (clear && e.getCause() instanceof S3Client.S3Error) {
        try {
          s3.deleteBucket(place.bucket());
          return 0;
        } catch (S3Client.S3Error bucketError) {
          // not empty, or not there: the missing manifest is the error to report
        }
      }
      throw e;
    }
    for (BundleManifest.Part part : found.manifest().parts()) {
      s3.deleteObject(place.bucket(), place.key(part.filename()));
    }
    if (found.key() != null) {
      s3.deleteObject(place.bucket(), found.key());
    }
    if (clear) {
      s3.deleteBucket(place.bucket());
    }
    return 0;
  }
}
