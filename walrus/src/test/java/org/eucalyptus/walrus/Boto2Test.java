package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto 2 itself (Debian's python3-boto) against Walrus: its own Signature V2 requests through
 * {@code /services/Walrus} with OrdinaryCallingFormat, and the presigned URLs its generate_url makes
 * there and on the root port, fetched with Java's HTTP client. Skips where boto 2 is not installed,
 * except in CI.
 */
@IntegrationTest
class Boto2Test {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIABOTOTWO000000000", "boto-two-secret", "555555555555", "bt", "u5", "admin", false);

  /** boto 2 over one endpoint: makes a bucket and an object, then prints NAME URL lines from generate_url. */
  static final String SCRIPT = """
      import sys, boto
      from boto.s3.connection import S3Connection, OrdinaryCallingFormat
      port, path, bucket = int(sys.argv[1]), sys.argv[2], sys.argv[3]
      c = S3Connection(sys.argv[4], sys.argv[5], is_secure=False, host='127.0.0.1', port=port, path=path,
                       calling_format=OrdinaryCallingFormat())
      b = c.create_bucket(bucket)
      k = b.new_key('dir/hello.txt')
      k.set_contents_from_string('hello from boto 2')
      assert b.get_key('dir/hello.txt').get_contents_as_string() == b'hello from boto 2'
      assert [x.name for x in b.list()] == ['dir/hello.txt']
      b.new_key('gone.txt').set_contents_from_string('soon gone')
      b.delete_key('gone.txt')
      assert b.get_key('gone.txt') is None
      print('get', c.generate_url(300, 'GET', bucket, 'dir/hello.txt'))
      print('head', c.generate_url(300, 'HEAD', bucket, 'dir/hello.txt'))
      print('list', c.generate_url(300, 'GET', bucket, ''))
      print('put', c.generate_url(300, 'PUT', bucket, 'dir/put.txt'))
      print('delete', c.generate_url(300, 'DELETE', bucket, 'dir/put.txt'))
      print('expired', c.generate_url(-5, 'GET', bucket, 'dir/hello.txt'))
      """;

  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  HttpServer root;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    EucaConf conf = EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("storage").toString(),
        "WALRUS_ROOT_PORT", "0", "WALRUS_BIND_ADDR", "127.0.0.1"));
    walrus = new Walrus(conf, id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    server = new HttpServer("walrus-boto", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    root = walrus.startRootServer(conf);
  }

  @AfterEach
  void stop() {
    root.close();
    server.close();
    walrus.close();
  }

  /** A python3 that has boto 2: Debian's own first (a pyenv or venv python may not see it). */
  static String pythonWithBoto() throws Exception {
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import boto").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException notThere) {
        // try the next
      }
    }
    String why = "boto 2 is not installed (apt-get install python3-boto)";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
    return null;
  }

  /** Runs the script against one endpoint and returns its URLs by name. */
  Map<String, URI> boto(int port, String path, String bucket) throws Exception {
    Path script = tmp.resolve("boto2.py");
    Files.writeString(script, SCRIPT);
    Process p = new ProcessBuilder(pythonWithBoto(), script.toString(), Integer.toString(port), path, bucket,
        OWNER.accessKeyId(), OWNER.secretKey()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, URI> urls = new LinkedHashMap<>();
    out.lines().filter(l -> l.contains(" http://")).forEach(l -> {
      String[] nameUrl = l.split(" ", 2);
      urls.put(nameUrl[0], URI.create(nameUrl[1]));
    });
    assertThat(urls).containsKeys("get", "head", "list", "put", "delete", "expired");
    return urls;
  }

  HttpResponse<String> fetch(String method, URI u, String body) throws Exception {
    HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    return http.send(HttpRequest.newBuilder(u).method(method, p).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void underTheServicePath() throws Exception {
    Map<String, URI> urls = boto(server.port(), "/services/Walrus", "boto-path");
    assertThat(urls.get("get").getRawPath()).isEqualTo("/services/Walrus/boto-path/dir/hello.txt");
    presignedUrlsWork(urls);
  }

  @Test
  void onTheRootPort() throws Exception {
    Map<String, URI> urls = boto(root.port(), "/", "boto-root");
    assertThat(urls.get("get").getRawPath()).isEqualTo("/boto-root/dir/hello.txt");
    presignedUrlsWork(urls);
  }

  private void presignedUrlsWork(Map<String, URI> urls) throws Exception {
    HttpResponse<String> get = fetch("GET", urls.get("get"), null);
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("hello from boto 2");
    HttpResponse<String> head = fetch("HEAD", urls.get("head"), null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains("17");
    HttpResponse<String> list = fetch("GET", urls.get("list"), null);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("<Key>dir/hello.txt</Key>");
    HttpResponse<String> put = fetch("PUT", urls.get("put"), "put by URL");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    // A URL for one method and key is good for that only.
    HttpResponse<String> wrong = fetch("DELETE", urls.get("get"), null);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    HttpResponse<String> delete = fetch("DELETE", urls.get("delete"), null);
    assertThat(delete.statusCode()).isEqualTo(204);
    HttpResponse<String> expired = fetch("GET", urls.get("expired"), null);
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
  }
}
