package org.eucalyptus.walrus.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * Every operation in the table says what IAM action it is and on what, with AWS's names; what has
 * none says why.
 */
@UnitTest
class S3PermissionTest {
  private static final Map<String, S3Operations.Entry> TABLE =
      S3Operations.table("", null, null, null, null, null, null, Set.of(), null, null);

  private static S3Request request(String bucket, String key, String query) {
    StreamingRequest http = new StreamingRequest("GET", "/", "/", query, new DefaultHttpHeaders(),
        new ByteArrayInputStream(new byte[0]), null, null);
    return new S3Request(http, null, bucket, key, S3Request.parseQuery(query), null, new byte[0], null);
  }

  @Test
  void everyOperationHasAnActionOrAReason() {
    TABLE.forEach((name, e) -> {
      S3Permission p = e.permission();
      if (p.scope() == S3Permission.Scope.NONE) {
        assertThat(p.action()).as(name).isNull();
        assertThat(p.why()).as(name).isNotBlank();
      } else {
        assertThat(p.action()).as(name).matches("s3:[A-Z][A-Za-z]+");
      }
    });
  }

  @Test
  void actionsAndResourcesAreAwsNames() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("ListBuckets", "s3:ListAllMyBuckets arn:aws:s3:::*"),
        Map.entry("CreateBucket", "s3:CreateBucket arn:aws:s3:::b"),
        Map.entry("DeleteBucket", "s3:DeleteBucket arn:aws:s3:::b"),
        Map.entry("HeadBucket", "s3:ListBucket arn:aws:s3:::b"),
        Map.entry("ListObjects", "s3:ListBucket arn:aws:s3:::b"),
        Map.entry("ListMultipartUploads", "s3:ListBucketMultipartUploads arn:aws:s3:::b"),
        Map.entry("GetBucketAcl", "s3:GetBucketAcl arn:aws:s3:::b"),
        Map.entry("PutBucketAcl", "s3:PutBucketAcl arn:aws:s3:::b"),
        Map.entry("GetBucketLocation", "s3:GetBucketLocation arn:aws:s3:::b"),
        Map.entry("GetBucketVersioning", "s3:GetBucketVersioning arn:aws:s3:::b"),
        Map.entry("GetBucketLogging", "s3:GetBucketLogging arn:aws:s3:::b"),
        Map.entry("GetObject", "s3:GetObject arn:aws:s3:::b/k/ey"),
        Map.entry("HeadObject", "s3:GetObject arn:aws:s3:::b/k/ey"),
        Map.entry("PutObject", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("CopyObject", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("DeleteObject", "s3:DeleteObject arn:aws:s3:::b/k/ey"),
        Map.entry("GetObjectAcl", "s3:GetObjectAcl arn:aws:s3:::b/k/ey"),
        Map.entry("PutObjectAcl", "s3:PutObjectAcl arn:aws:s3:::b/k/ey"),
        Map.entry("InitiateMultipartUpload", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("UploadPart", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("UploadPartCopy", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("CompleteMultipartUpload", "s3:PutObject arn:aws:s3:::b/k/ey"),
        Map.entry("AbortMultipartUpload", "s3:AbortMultipartUpload arn:aws:s3:::b/k/ey"),
        Map.entry("ListParts", "s3:ListMultipartUploadParts arn:aws:s3:::b/k/ey"),
        Map.entry("DeleteObjects", "s3:DeleteObject null"),
        Map.entry("RefuseObjectRequest", "null null"),
        Map.entry(S3Operations.GET_DECRYPTED_IMAGE, "null null"),
        Map.entry("StoreSnapshot", "null null"),
        Map.entry("GetWalrusSnapshot", "null null"),
        Map.entry("GetWalrusSnapshotSize", "null null"),
        Map.entry("DeleteWalrusSnapshot", "null null"),
        Map.entry("GetWalrusUsage", "null null"));
    assertThat(TABLE.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    S3Request req = request("b", "k/ey", "");
    TABLE.forEach((name, e) -> assertThat(e.permission().action() + " " + e.permission().resource(req)).as(name)
        .isEqualTo(expected.get(name)));
  }

  @Test
  void listingsOfferS3sConditionKeys() {
    S3Permission list = TABLE.get("ListObjects").permission();
    assertThat(list.conditionKeys(request("b", null, "prefix=logs/&delimiter=/&max-keys=10&list-type=2")))
        .containsExactly(Map.entry("s3:prefix", "logs/"), Map.entry("s3:delimiter", "/"), Map.entry("s3:max-keys", "10"));
    assertThat(TABLE.get("GetObject").permission().conditionKeys(request("b", "k", ""))).isEmpty();
  }
}
