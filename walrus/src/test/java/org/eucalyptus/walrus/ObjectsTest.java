package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Objects through the AWS SDK's S3 client: put, get, head, delete, ranges, conditions, listings. */
@IntegrationTest
class ObjectsTest {
  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  S3Client s3;
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIWALRUSTEST0000000", "walrus-test-secret", "123456789012", "test", "u", "admin", false);

  TestDb db;

  @BeforeEach
  void start() throws Exception {
    db = TestDb.create();
    connect();
    s3.createBucket(b -> b.bucket("objects"));
  }

  /** Starts Walrus on the test's storage (again, after a stop) and connects a client with plain payload signing. */
  private void connect() throws Exception {
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString())).with(db.settings()),
        id -> id.equals(OWNER.accessKeyId()) ? java.util.Optional.of(OWNER) : java.util.Optional.empty());
    server = new HttpServer("walrus-objects", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false)
            .build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
        .httpClient(Apache5HttpClient.create())
        .build();
  }

  @AfterEach
  void stop() {
    Closing.closeAll(s3, server, walrus);
  }

  @AfterEach
  void dropDatabase() {
    Closing.closeAll(db);
  }

  static String code(Throwable t) {
    return ((S3Exception) t).awsErrorDetails().errorCode();
  }

  @Test
  void standardHeadersAreKeptAndUserMetadataIsLimited() {
    s3.putObject(r -> r.bucket("objects").key("page.html.gz").contentType("text/html").contentEncoding("gzip")
        .contentDisposition("attachment; filename=\"page=1.html\"").cacheControl("max-age=60")
        .contentLanguage("fr"), RequestBody.fromString("not really gzip"));
    var head = s3.headObject(r -> r.bucket("objects").key("page.html.gz"));
    assertThat(head.contentType()).isEqualTo("text/html");
    assertThat(head.contentEncoding()).isEqualTo("gzip");
    assertThat(head.contentDisposition()).isEqualTo("attachment; filename=\"page=1.html\"");
    assertThat(head.cacheControl()).isEqualTo("max-age=60");
    assertThat(head.contentLanguage()).isEqualTo("fr");
    // aws-chunked says how an upload was sent, not what the object is: it is not kept.
    s3.putObject(r -> r.bucket("objects").key("plain").contentEncoding("aws-chunked, br"), RequestBody.fromString("p"));
    assertThat(s3.headObject(r -> r.bucket("objects").key("plain")).contentEncoding()).isEqualTo("br");
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket("objects").key("fat").metadata(Map.of("big", "x".repeat(2100))),
        RequestBody.fromString("x"))).satisfies(e -> assertThat(code(e)).isEqualTo("MetadataTooLarge"));
    s3.deleteObject(r -> r.bucket("objects").key("page.html.gz"));
    s3.deleteObject(r -> r.bucket("objects").key("plain"));
  }

  @Test
  void putGetHeadDeleteWithMetadataRangesAndConditions() throws Exception {
    byte[] data = "hello, walrus! ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    String etag = s3.putObject(r -> r.bucket("objects").key("dir/greeting.txt").contentType("text/plain")
        .metadata(Map.of("color", "blue")), RequestBody.fromBytes(data)).eTag();
    assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"");

    var got = s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().contentType()).isEqualTo("text/plain");
    assertThat(got.response().metadata()).containsEntry("color", "blue");
    var head = s3.headObject(r -> r.bucket("objects").key("dir/greeting.txt"));
    assertThat(head.contentLength()).isEqualTo(data.length);
    assertThat(head.eTag()).isEqualTo(etag);

    assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt").range("bytes=7-12")).asUtf8String())
        .isEqualTo("walrus");
    assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt").range("bytes=-7")).asUtf8String())
        .isEqualTo("alrus! ");
    assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt")
        .range("bytes=999999-")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidRange"));
    assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt").ifNoneMatch(etag)))
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(304));
    assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt").ifMatch("\"x\"")))
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));

    // Overwrite: the new object replaces the old whole; the old data file goes.
    s3.putObject(r -> r.bucket("objects").key("dir/greeting.txt"), RequestBody.fromString("short"));
    assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt")).asUtf8String()).isEqualTo("short");
    try (var files = Files.walk(tmp.resolve("data"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
    }
    assertThatThrownBy(() -> s3.deleteBucket(r -> r.bucket("objects")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("BucketNotEmpty"));
    s3.deleteObject(r -> r.bucket("objects").key("dir/greeting.txt"));
    s3.deleteObject(r -> r.bucket("objects").key("dir/greeting.txt")); // again: no error, as S3
    assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("objects").key("dir/greeting.txt")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchKey"));
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket("nobucket").key("k"), RequestBody.fromString("x")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchBucket"));
    s3.deleteBucket(r -> r.bucket("objects"));
  }

  @Test
  void theSdksDefaultAwsChunkedUploadsWithChecksums() throws Exception {
    // No special configuration: the SDK signs each chunk and sends a CRC32 in a signed trailer.
    try (S3Client plain = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
        .forcePathStyle(true)
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
        .httpClient(Apache5HttpClient.create())
        .build()) {
      byte[] data = new byte[3 * 1024 * 1024 + 17];
      new java.util.Random(7).nextBytes(data);
      plain.putObject(r -> r.bucket("objects").key("chunked"), RequestBody.fromInputStream(
          new java.io.ByteArrayInputStream(data), data.length));
      assertThat(plain.getObjectAsBytes(r -> r.bucket("objects").key("chunked")).asByteArray()).isEqualTo(data);
      plain.putObject(r -> r.bucket("objects").key("small"), RequestBody.fromString("tiny"));
      assertThat(plain.getObjectAsBytes(r -> r.bucket("objects").key("small")).asUtf8String()).isEqualTo("tiny");
    }
  }

  @Test
  void copyMultiDeleteAndTheStatusSubresources() {
    s3.putObject(r -> r.bucket("objects").key("orig").contentType("text/plain").metadata(Map.of("a", "1")),
        RequestBody.fromString("original"));
    String etag = s3.copyObject(r -> r.sourceBucket("objects").sourceKey("orig").destinationBucket("objects")
        .destinationKey("copy")).copyObjectResult().eTag();
    var copy = s3.getObjectAsBytes(r -> r.bucket("objects").key("copy"));
    assertThat(copy.asUtf8String()).isEqualTo("original");
    assertThat(copy.response().metadata()).containsEntry("a", "1");
    assertThat(copy.response().eTag()).isEqualTo(etag);
    s3.copyObject(r -> r.sourceBucket("objects").sourceKey("orig").destinationBucket("objects").destinationKey("orig")
        .metadataDirective("REPLACE").metadata(Map.of("b", "2")).contentType("text/x-new"));
    var replaced = s3.headObject(r -> r.bucket("objects").key("orig"));
    assertThat(replaced.metadata()).containsEntry("b", "2").doesNotContainKey("a");
    assertThat(replaced.contentType()).isEqualTo("text/x-new");
    assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket("objects").sourceKey("orig")
        .destinationBucket("objects").destinationKey("orig")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidRequest"));
    assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket("objects").sourceKey("none")
        .destinationBucket("objects").destinationKey("x")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchKey"));

    var deleted = s3.deleteObjects(r -> r.bucket("objects").delete(d -> d.objects(
        ObjectIdentifier.builder().key("orig").build(), ObjectIdentifier.builder().key("copy").build(),
            ObjectIdentifier.builder().key("never-there").build())));
    assertThat(deleted.deleted()).extracting(x -> x.key()).containsExactly("orig", "copy", "never-there");
    assertThat(s3.listObjectsV2(r -> r.bucket("objects")).contents()).isEmpty();

    assertThat(s3.getBucketAcl(r -> r.bucket("objects")).grants()).singleElement()
        .satisfies(g -> assertThat(g.permissionAsString()).isEqualTo("FULL_CONTROL"));
    assertThat(s3.getBucketVersioning(r -> r.bucket("objects")).status()).isNull();
    // The SDK asked for its region when it created the bucket.
    assertThat(s3.getBucketLocation(r -> r.bucket("objects")).locationConstraintAsString()).isEqualTo("eucalyptus");
  }

  @Test
  void multipartUploads() {
    byte[] first = new byte[5 * 1024 * 1024];
    byte[] second = "the end".getBytes(StandardCharsets.UTF_8);
    new java.util.Random(1).nextBytes(first);
    String id = s3.createMultipartUpload(r -> r.bucket("objects").key("big").contentType("application/x-test"))
        .uploadId();
    String e1 = s3.uploadPart(r -> r.bucket("objects").key("big").uploadId(id).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String e2 = s3.uploadPart(r -> r.bucket("objects").key("big").uploadId(id).partNumber(2),
        RequestBody.fromBytes(second)).eTag();
    assertThat(s3.listParts(r -> r.bucket("objects").key("big").uploadId(id)).parts())
        .extracting(p -> p.partNumber()).containsExactly(1, 2);
    assertThat(s3.listMultipartUploads(r -> r.bucket("objects")).uploads()).extracting(u -> u.uploadId())
        .containsExactly(id);
    assertThatThrownBy(() -> s3.deleteBucket(r -> r.bucket("objects")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("BucketNotEmpty"));
    String etag = s3.completeMultipartUpload(r -> r.bucket("objects").key("big").uploadId(id)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
    assertThat(etag).endsWith("-2\"");
    var got = s3.getObjectAsBytes(r -> r.bucket("objects").key("big"));
    assertThat(got.asByteArray()).hasSize(first.length + second.length).endsWith(second);
    assertThat(got.response().contentType()).isEqualTo("application/x-test");
    assertThat(s3.listMultipartUploads(r -> r.bucket("objects")).uploads()).isEmpty();

    // A part copied from a range of an existing object.
    String copyId = s3.createMultipartUpload(r -> r.bucket("objects").key("assembled")).uploadId();
    String c1 = s3.uploadPartCopy(r -> r.sourceBucket("objects").sourceKey("big").destinationBucket("objects")
        .destinationKey("assembled").uploadId(copyId).partNumber(1)
        .copySourceRange("bytes=" + first.length + "-" + (first.length + second.length - 1))).copyPartResult().eTag();
    s3.completeMultipartUpload(r -> r.bucket("objects").key("assembled").uploadId(copyId)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(c1).build())));
    assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("assembled")).asByteArray()).isEqualTo(second);
    s3.deleteObject(r -> r.bucket("objects").key("assembled"));

    // A small part before the last one, a wrong ETag, and an aborted upload.
    String small = s3.createMultipartUpload(r -> r.bucket("objects").key("small")).uploadId();
    String s1 = s3.uploadPart(r -> r.bucket("objects").key("small").uploadId(small).partNumber(1),
        RequestBody.fromString("tiny")).eTag();
    String s2 = s3.uploadPart(r -> r.bucket("objects").key("small").uploadId(small).partNumber(2),
        RequestBody.fromString("tiny too")).eTag();
    assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket("objects").key("small").uploadId(small)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(s1).build(),
            CompletedPart.builder().partNumber(2).eTag(s2).build()))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("EntityTooSmall"));
    assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket("objects").key("small").uploadId(small)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidPart"));
    s3.abortMultipartUpload(r -> r.bucket("objects").key("small").uploadId(small));
    assertThatThrownBy(() -> s3.listParts(r -> r.bucket("objects").key("small").uploadId(small)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchUpload"));
    // Only the completed object's data remains on disk.
    try (var files = Files.walk(tmp.resolve("data"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSameApiAtTheRootOfAPortOfItsOwn() throws Exception {
    try (HttpServer root = walrus.startRootServer(EucaConf.of(Map.of("WALRUS_ROOT_PORT", "0",
        "WALRUS_BIND_ADDR", "127.0.0.1")));
         S3Client atRoot = S3Client.builder()
             .endpointOverride(URI.create("http://127.0.0.1:" + root.port()))
             .forcePathStyle(true)
             .region(Region.of("eucalyptus"))
             .credentialsProvider(StaticCredentialsProvider.create(
                 AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
             .httpClient(Apache5HttpClient.create())
             .build()) {
      assertThat(atRoot.listBuckets().buckets()).extracting(b -> b.name()).contains("objects");
      atRoot.putObject(r -> r.bucket("objects").key("via-root"), RequestBody.fromString("root"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("via-root")).asUtf8String()).isEqualTo("root");
    }
  }

  @Test
  void strangeKeysStayInsideTheStore() throws Exception {
    List<String> keys = List.of("../../etc/passwd", "a%2Fb", "über/ünïcödé ✓", "x".repeat(1000), "a+b c");
    for (String k : keys) {
      s3.putObject(r -> r.bucket("objects").key(k), RequestBody.fromString("data of " + k));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key(k)).asUtf8String()).isEqualTo("data of " + k);
    }
    assertThat(s3.listObjectsV2(r -> r.bucket("objects")).contents()).extracting(S3Object::key)
        .containsExactlyInAnyOrderElementsOf(keys);
    // Nothing was written outside the storage directory, and no file is named after a key.
    assertThat(tmp.getParent().resolve("etc")).doesNotExist();
    try (var files = Files.walk(tmp.resolve("data"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .allMatch(n -> n.matches("[0-9a-f-]{36}"));
    }
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket("objects").key("y".repeat(1025)), RequestBody.fromString("x")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("KeyTooLongError"));
  }

  @Test
  void listingsWithPrefixDelimiterAndPages() {
    List<String> keys = new ArrayList<>();
    for (String d : List.of("a", "b", "c")) {
      for (int i = 0; i < 3; i++) {
        keys.add("photos/" + d + "/" + i + ".jpg");
      }
    }
    keys.add("photos/top.jpg");
    keys.add("readme.txt");
    keys.forEach(k -> s3.putObject(r -> r.bucket("objects").key(k), RequestBody.fromString(k)));

    ListObjectsV2Response byDir = s3.listObjectsV2(r -> r.bucket("objects").prefix("photos/").delimiter("/"));
    assertThat(byDir.commonPrefixes()).extracting(CommonPrefix::prefix)
        .containsExactly("photos/a/", "photos/b/", "photos/c/");
    assertThat(byDir.contents()).extracting(S3Object::key).containsExactly("photos/top.jpg");

    // Pages of 2, with continuation tokens, visit every key once and in order.
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket("objects").maxKeys(2).continuationToken(t));
      page.contents().forEach(o -> seen.add(o.key()));
      token = page.nextContinuationToken();
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(keys.stream().sorted().toList());
    assertThat(pages).isEqualTo(6);

    // Version 1 with a marker, and rolled-up prefixes across pages.
    var v1 = s3.listObjects(r -> r.bucket("objects").marker("photos/c/2.jpg"));
    assertThat(v1.contents()).extracting(S3Object::key).containsExactly("photos/top.jpg", "readme.txt");
    List<String> prefixes = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      var page = s3.listObjects(r -> r.bucket("objects").prefix("photos/").delimiter("/").maxKeys(1).marker(m));
      page.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
      page.contents().forEach(o -> prefixes.add(o.key()));
      marker = page.isTruncated() ? page.nextMarker() : null;
    } while (marker != null);
    assertThat(prefixes).containsExactly("photos/a/", "photos/b/", "photos/c/", "photos/top.jpg");
  }

  @Test
  void badDigestsLeaveNothingBehindAndRestartCleansUp() throws Exception {
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket("objects").key("k").contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="),
        RequestBody.fromString("data")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("BadDigest"));
    assertThatThrownBy(() -> s3.headObject(r -> r.bucket("objects").key("k")))
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    try (var files = Files.walk(tmp)) {
      assertThat(files.filter(p -> p.startsWith(tmp.resolve("data")) || p.startsWith(tmp.resolve("tmp")))
          .filter(Files::isRegularFile)).isEmpty();
    }
    // What a crash in the middle of a write leaves: a temp file, and a data file no metadata names.
    s3.putObject(r -> r.bucket("objects").key("kept"), RequestBody.fromString("kept"));
    Files.writeString(tmp.resolve("tmp/0000.part"), "half an upload");
    Path orphan = tmp.resolve("data/ff/ffffffff-ffff-ffff-ffff-ffffffffffff");
    Files.createDirectories(orphan.getParent());
    Files.writeString(orphan, "renamed but never committed");
    stop();
    connect();
    assertThat(tmp.resolve("tmp/0000.part")).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(s3.getObjectAsBytes(r -> r.bucket("objects").key("kept")).asUtf8String()).isEqualTo("kept");
  }

}
