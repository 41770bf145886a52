package org.eucalyptus.walrus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * The router alone: which operation each kind of request names, that every name it gives is in
 * the table, and what it refuses before anything is looked up.
 */
@UnitTest
class S3RouterTest {
  private static final Map<String, S3Operations.Entry> TABLE =
      S3Operations.table("", null, null, null, null, null, null, Set.of(), null, null);

  private static S3Request request(String method, String bucket, String key, String query, String... headers) {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    StreamingRequest http = new StreamingRequest(method, "/", "/", query, h, new ByteArrayInputStream(new byte[0]),
        null, null);
    return new S3Request(http, null, bucket, key, S3Request.parseQuery(query), null, new byte[0], null);
  }

  private static String route(String method, String bucket, String key, String query, String... headers)
      throws S3Exception {
    String name = S3Router.operation(request(method, bucket, key, query, headers));
    assertThat(TABLE).as("the table holds %s", name).containsKey(name);
    return name;
  }

  @Test
  void eachRequestNamesItsOperation() throws S3Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("GET / ", "ListBuckets");
    expected.put("PUT b ", "CreateBucket");
    expected.put("PUT b acl", "PutBucketAcl");
    expected.put("HEAD b ", "HeadBucket");
    expected.put("DELETE b ", "DeleteBucket");
    expected.put("POST b delete", "DeleteObjects");
    expected.put("GET b ", "ListObjects");
    expected.put("GET b list-type=2&prefix=a", "ListObjects");
    expected.put("GET b acl", "GetBucketAcl");
    expected.put("GET b versioning", "GetBucketVersioning");
    expected.put("GET b logging", "GetBucketLogging");
    expected.put("GET b uploads", "ListMultipartUploads");
    expected.put("GET b location", "GetBucketLocation");
    expected.put("GET b unknown", "ListObjects"); // refused there, once the bucket's access is checked
    expected.put("PUT b/k ", "PutObject");
    expected.put("GET b/k ", "GetObject");
    expected.put("GET b/k response-content-type=a", "GetObject");
    expected.put("HEAD b/k ", "HeadObject");
    expected.put("DELETE b/k ", "DeleteObject");
    expected.put("GET b/k acl", "GetObjectAcl");
    expected.put("PUT b/k acl", "PutObjectAcl");
    expected.put("POST b/k uploads", "InitiateMultipartUpload");
    expected.put("PUT b/k uploadId=u&partNumber=1", "UploadPart");
    expected.put("GET b/k uploadId=u", "ListParts");
    expected.put("POST b/k uploadId=u", "CompleteMultipartUpload");
    expected.put("DELETE b/k uploadId=u", "AbortMultipartUpload");
    expected.put("HEAD b/k uploadId=u", "RefuseObjectRequest");
    expected.put("DELETE b/k acl", "RefuseObjectRequest");
    expected.put("GET b/k torrent", "RefuseObjectRequest");
    expected.put("PATCH b/k ", "RefuseObjectRequest");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String[] parts = e.getKey().split(" ", -1);
      String[] bk = parts[1].equals("/") ? new String[] {null, null}
          : parts[1].contains("/") ? parts[1].split("/") : new String[] {parts[1], null};
      assertThat(route(parts[0], bk[0], bk[1], parts[2])).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(route("PUT", "b", "k", "", "x-amz-copy-source", "/a/b")).isEqualTo("CopyObject");
    assertThat(route("PUT", "b", "k", "uploadId=u&partNumber=2", "x-amz-copy-source", "/a/b"))
        .isEqualTo("UploadPartCopy");
  }

  @Test
  void whatNoOperationTakesIsRefusedBeforeAnyLookup() {
    assertThatThrownBy(() -> route("PUT", null, null, "")).hasFieldOrPropertyWithValue("code", "MethodNotAllowed");
    assertThatThrownBy(() -> route("PATCH", "b", null, "")).hasFieldOrPropertyWithValue("code", "MethodNotAllowed");
    assertThatThrownBy(() -> route("PUT", "b", null, "cors")).hasFieldOrPropertyWithValue("code", "NotImplemented");
    assertThatThrownBy(() -> route("POST", "b", null, "")).hasFieldOrPropertyWithValue("code", "NotImplemented");
  }
}
