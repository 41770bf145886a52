package org.eucalyptus.walrus.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.walrus.api.acl.GetBucketAcl;
import org.eucalyptus.walrus.api.acl.GetObjectAcl;
import org.eucalyptus.walrus.api.acl.PutBucketAcl;
import org.eucalyptus.walrus.api.acl.PutObjectAcl;
import org.eucalyptus.walrus.api.buckets.CreateBucket;
import org.eucalyptus.walrus.api.buckets.DeleteBucket;
import org.eucalyptus.walrus.api.buckets.GetBucketLocation;
import org.eucalyptus.walrus.api.buckets.GetBucketLogging;
import org.eucalyptus.walrus.api.buckets.GetBucketVersioning;
import org.eucalyptus.walrus.api.buckets.HeadBucket;
import org.eucalyptus.walrus.api.buckets.ListBuckets;
import org.eucalyptus.walrus.api.buckets.ListObjects;
import org.eucalyptus.walrus.api.images.GetDecryptedImage;
import org.eucalyptus.walrus.api.multipart.AbortMultipartUpload;
import org.eucalyptus.walrus.api.multipart.CompleteMultipartUpload;
import org.eucalyptus.walrus.api.multipart.InitiateMultipartUpload;
import org.eucalyptus.walrus.api.multipart.ListMultipartUploads;
import org.eucalyptus.walrus.api.multipart.ListParts;
import org.eucalyptus.walrus.api.multipart.UploadPart;
import org.eucalyptus.walrus.api.multipart.UploadPartCopy;
import org.eucalyptus.walrus.api.multipart.Uploads;
import org.eucalyptus.walrus.api.objects.CopyObject;
import org.eucalyptus.walrus.api.objects.CopySource;
import org.eucalyptus.walrus.api.objects.DeleteObject;
import org.eucalyptus.walrus.api.objects.DeleteObjects;
import org.eucalyptus.walrus.api.objects.GetObject;
import org.eucalyptus.walrus.api.objects.PutObject;
import org.eucalyptus.walrus.api.objects.RefuseObjectRequest;
import org.eucalyptus.walrus.api.snapshots.DeleteWalrusSnapshot;
import org.eucalyptus.walrus.api.snapshots.GetWalrusSnapshot;
import org.eucalyptus.walrus.api.snapshots.GetWalrusSnapshotSize;
import org.eucalyptus.walrus.api.snapshots.StorageCallers;
import org.eucalyptus.walrus.api.snapshots.StoreSnapshot;
import org.eucalyptus.walrus.images.DecryptedImages;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;
import org.eucalyptus.walrus.store.SnapshotFiles;

/**
 * Every S3 operation Walrus answers, in one table, by the name {@link S3Router} gives it, each with
 * the IAM action and resource it is ({@link S3Permission}, AWS's names), so none can be added
 * without saying what policies must allow.
 */
final class S3Operations {
  /** The operation a node controller's request (signed with its certificate) names. */
  static final String GET_DECRYPTED_IMAGE = "GetDecryptedImage";

  /**
   * The operations a component names in its {@code EucaOperation} header, signed with its certificate:
   * the storage controllers' snapshot operations and the cloud controller's usage read.
   */
  static final Set<String> INTERNAL_OPERATIONS = Set.of(StoreSnapshot.NAME, GetWalrusSnapshot.NAME,
      GetWalrusSnapshotSize.NAME, DeleteWalrusSnapshot.NAME, org.eucalyptus.walrus.api.usage.GetWalrusUsage.NAME);

  /** One operation: what the caller's policies must allow, and what it does. */
  record Entry(S3Permission permission, S3Operation operation) {}

  private S3Operations() {}

  static Map<String, Entry> table(String servicePath, BucketStore buckets, ObjectStore objects,
      MultipartStore multipart, DecryptedImages images, WalrusService.NodeAuth nodeAuth, SnapshotFiles snapshots,
      Set<String> locations, org.eucalyptus.walrus.store.RequestCounts requestCounts,
      org.eucalyptus.walrus.store.StorageUsage usage) {
    Access access = new Access(buckets);
    Uploads uploads = new Uploads(multipart);
    CopySource sources = new CopySource(buckets, objects);
    Map<String, Entry> t = new LinkedHashMap<>();
    // The service
    put(t, "ListBuckets", S3Permission.service("s3:ListAllMyBuckets"), new ListBuckets(buckets));
    // Buckets
    put(t, "CreateBucket", S3Permission.bucket("s3:CreateBucket"), new CreateBucket(buckets, locations));
    put(t, "HeadBucket", S3Permission.bucket("s3:ListBucket"), new HeadBucket(access));
    put(t, "DeleteBucket", S3Permission.bucket("s3:DeleteBucket"), new DeleteBucket(access, buckets, requestCounts));
    put(t, "ListObjects", S3Permission.bucket("s3:ListBucket"), new ListObjects(access, objects));
    put(t, "GetBucketLocation", S3Permission.bucket("s3:GetBucketLocation"), new GetBucketLocation(access));
    put(t, "GetBucketVersioning", S3Permission.bucket("s3:GetBucketVersioning"), new GetBucketVersioning(access));
    put(t, "GetBucketLogging", S3Permission.bucket("s3:GetBucketLogging"), new GetBucketLogging(access));
    // Objects (a copy also needs s3:GetObject on its source: CopySource checks it)
    GetObject get = new GetObject(access, objects);
    put(t, "GetObject", S3Permission.object("s3:GetObject"), get);
    put(t, "HeadObject", S3Permission.object("s3:GetObject"), get);
    put(t, "PutObject", S3Permission.object("s3:PutObject"), new PutObject(access, objects));
    put(t, "CopyObject", S3Permission.object("s3:PutObject"), new CopyObject(access, objects, sources));
    put(t, "DeleteObject", S3Permission.object("s3:DeleteObject"), new DeleteObject(access, objects));
    put(t, "DeleteObjects", S3Permission.eachKey("s3:DeleteObject"), new DeleteObjects(access, objects));
    put(t, "RefuseObjectRequest", S3Permission.none("it refuses every request it takes"),
        new RefuseObjectRequest(access, uploads, objects));
    // Multipart uploads (AWS: initiating, uploading parts and completing are s3:PutObject)
    put(t, "InitiateMultipartUpload", S3Permission.object("s3:PutObject"), new InitiateMultipartUpload(access,
        multipart));
    put(t, "UploadPart", S3Permission.object("s3:PutObject"), new UploadPart(access, uploads, multipart));
    put(t, "UploadPartCopy", S3Permission.object("s3:PutObject"),
        new UploadPartCopy(access, uploads, multipart, objects, sources));
    put(t, "ListParts", S3Permission.object("s3:ListMultipartUploadParts"), new ListParts(access, uploads,
        multipart));
    put(t, "CompleteMultipartUpload", S3Permission.object("s3:PutObject"),
        new CompleteMultipartUpload(access, uploads, multipart, servicePath));
    put(t, "AbortMultipartUpload", S3Permission.object("s3:AbortMultipartUpload"),
        new AbortMultipartUpload(access, uploads, multipart));
    put(t, "ListMultipartUploads", S3Permission.bucket("s3:ListBucketMultipartUploads"),
        new ListMultipartUploads(access, multipart));
    // ACLs
    put(t, "GetBucketAcl", S3Permission.bucket("s3:GetBucketAcl"), new GetBucketAcl(access));
    put(t, "PutBucketAcl", S3Permission.bucket("s3:PutBucketAcl"), new PutBucketAcl(access, buckets));
    put(t, "GetObjectAcl", S3Permission.object("s3:GetObjectAcl"), new GetObjectAcl(access, objects));
    put(t, "PutObjectAcl", S3Permission.object("s3:PutObjectAcl"), new PutObjectAcl(access, objects));
    // Images, for node controllers
    put(t, GET_DECRYPTED_IMAGE, S3Permission.none("node controllers sign it with their certificates, not users"),
        new GetDecryptedImage(images, nodeAuth));
    // Snapshots, for storage controllers (issue 19: walrus-snapshots)
    StorageCallers storage = new StorageCallers(nodeAuth);
    S3Permission storageOnly = S3Permission.none("storage controllers sign it with their certificates, not users");
    put(t, StoreSnapshot.NAME, storageOnly, new StoreSnapshot(storage, snapshots));
    put(t, GetWalrusSnapshot.NAME, storageOnly, new GetWalrusSnapshot(storage, snapshots));
    put(t, GetWalrusSnapshotSize.NAME, storageOnly, new GetWalrusSnapshotSize(storage, snapshots));
    put(t, DeleteWalrusSnapshot.NAME, storageOnly, new DeleteWalrusSnapshot(storage, snapshots));
    // Usage, for the cloud controller's reports (issue 21)
    put(t, org.eucalyptus.walrus.api.usage.GetWalrusUsage.NAME,
        S3Permission.none("the cloud controller signs it with the cloud's certificate, not users"),
        new org.eucalyptus.walrus.api.usage.GetWalrusUsage(nodeAuth, usage));
    return Collections.unmodifiableMap(t);
  }

  private static void put(Map<String, Entry> t, String name, S3Permission permission, S3Operation operation) {
    t.put(name, new Entry(java.util.Objects.requireNonNull(permission), operation));
  }
}
