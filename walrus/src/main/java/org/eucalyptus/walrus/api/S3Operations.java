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
import org.eucalyptus.walrus.images.DecryptedImages;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;

/** Every S3 operation Walrus answers, in one table, by the name {@link S3Router} gives it. */
final class S3Operations {
  /** The operation a node controller's request (signed with its certificate) names. */
  static final String GET_DECRYPTED_IMAGE = "GetDecryptedImage";

  private S3Operations() {}

  static Map<String, S3Operation> table(String servicePath, BucketStore buckets, ObjectStore objects,
      MultipartStore multipart, DecryptedImages images, WalrusService.NodeAuth nodeAuth, Set<String> locations) {
    Access access = new Access(buckets);
    Uploads uploads = new Uploads(multipart);
    CopySource sources = new CopySource(buckets, objects);
    Map<String, S3Operation> t = new LinkedHashMap<>();
    // The service
    t.put("ListBuckets", new ListBuckets(buckets));
    // Buckets
    t.put("CreateBucket", new CreateBucket(buckets, locations));
    t.put("HeadBucket", new HeadBucket(access));
    t.put("DeleteBucket", new DeleteBucket(access, buckets));
    t.put("ListObjects", new ListObjects(access, objects));
    t.put("GetBucketLocation", new GetBucketLocation(access));
    t.put("GetBucketVersioning", new GetBucketVersioning(access));
    t.put("GetBucketLogging", new GetBucketLogging(access));
    // Objects
    GetObject get = new GetObject(access, objects);
    t.put("GetObject", get);
    t.put("HeadObject", get);
    t.put("PutObject", new PutObject(access, objects));
    t.put("CopyObject", new CopyObject(access, objects, sources));
    t.put("DeleteObject", new DeleteObject(access, objects));
    t.put("DeleteObjects", new DeleteObjects(access, objects));
    t.put("RefuseObjectRequest", new RefuseObjectRequest(access, uploads, objects));
    // Multipart uploads
    t.put("InitiateMultipartUpload", new InitiateMultipartUpload(access, multipart));
    t.put("UploadPart", new UploadPart(access, uploads, multipart));
    t.put("UploadPartCopy", new UploadPartCopy(access, uploads, multipart, objects, sources));
    t.put("ListParts", new ListParts(access, uploads, multipart));
    t.put("CompleteMultipartUpload", new CompleteMultipartUpload(access, uploads, multipart, servicePath));
    t.put("AbortMultipartUpload", new AbortMultipartUpload(access, uploads, multipart));
    t.put("ListMultipartUploads", new ListMultipartUploads(access, multipart));
    // ACLs
    t.put("GetBucketAcl", new GetBucketAcl(access));
    t.put("PutBucketAcl", new PutBucketAcl(access, buckets));
    t.put("GetObjectAcl", new GetObjectAcl(access, objects));
    t.put("PutObjectAcl", new PutObjectAcl(access, objects));
    // Images, for node controllers
    t.put(GET_DECRYPTED_IMAGE, new GetDecryptedImage(images, nodeAuth));
    return Collections.unmodifiableMap(t);
  }
}
