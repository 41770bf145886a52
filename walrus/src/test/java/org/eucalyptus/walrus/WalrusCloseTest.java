package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
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

/** A closed Walrus leaves none of its threads behind: the file writers, the group committer, the pool. */
@IntegrationTest
class WalrusCloseTest {
  @TempDir Path tmp;
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIWALRUSCLOSE000000", "walrus-close-secret", "123456789012", "test", "u", "admin", false);

  @Test
  void closeStopsEveryThreadWalrusStarted() throws Exception {
    java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
    Walrus walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString())),
        id -> id.equals(OWNER.accessKeyId()) ? java.util.Optional.of(OWNER) : java.util.Optional.empty());
    try (HttpServer server = new HttpServer("close-test", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
         S3Client s3 = S3Client.builder()
             .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
             .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false)
                 .build())
             .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
             .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
             .region(Region.of("eucalyptus"))
             .credentialsProvider(StaticCredentialsProvider.create(
                 AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
             .httpClient(Apache5HttpClient.create())
             .build()) {
      s3.createBucket(b -> b.bucket("big"));
      // Past the first 8 MiB an upload is written by a thread of Walrus's writer pool.
      s3.putObject(b -> b.bucket("big").key("twelve-mib"), RequestBody.fromBytes(new byte[12 * 1024 * 1024]));
      assertThat(walrusThreads(before)).anyMatch(name -> name.equals("walrus-file-writer"));
    }
    walrus.close();
    assertThat(walrusThreads(before)).as("threads of a closed Walrus").isEmpty();
  }

  /** Live threads started since {@code before} that Walrus names as its own (writers, committer, database pool). */
  private static List<String> walrusThreads(java.util.Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .filter(n -> n.startsWith("walrus-")).toList();
  }
}
