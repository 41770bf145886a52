package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request line or headers too large for the HTTP server are answered as S3 answers errors (its
 * {@code <Error>} document with InvalidURI / RequestHeaderSectionTooLarge), on Walrus's path and on
 * its root port, and the connection is closed.
 */
@IntegrationTest
class OversizedHeadTest {
  private static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIAOVERSIZEDHEAD000", "head-secret", "555555555556", "oh", "u6", "admin", false);
  @TempDir Path tmp;

  /** The status line and body of the one answer before the server closes the connection. */
  private static String[] exchange(int port, String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8); // read to the server's close
      int end = all.indexOf("\r\n\r\n");
      return new String[] {all.substring(0, all.indexOf("\r\n")), all.substring(0, end).toLowerCase(Locale.ROOT),
          all.substring(end + 4)};
    }
  }

  @Test
  void headsTooLargeGetS3sErrorDocument() throws Exception {
    String longKey = "k".repeat(HttpServer.MAX_REQUEST_LINE + 500);
    String bigHeader = "x-amz-meta-big: " + "m".repeat(HttpServer.MAX_HEADER_SECTION + 100) + "\r\n";
    try (Walrus walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("storage").toString(),
            "WALRUS_DB_URL", "jdbc:h2:file:" + tmp.resolve("db/walrus") + ";WRITE_DELAY=0")),
            id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
        HttpServer onPath = new HttpServer("walrus-head", new InetSocketAddress("127.0.0.1", 0), walrus.routes())
            .start();
        HttpServer atRoot = new HttpServer("walrus-root-head", new InetSocketAddress("127.0.0.1", 0),
            walrus.rootRoutes()).start()) {
      for (String[] target : List.of(new String[] {"" + onPath.port(), "/services/Walrus/bucket/"},
          new String[] {"" + atRoot.port(), "/bucket/"})) {
        int port = Integer.parseInt(target[0]);
        String[] line = exchange(port, "GET " + target[1] + longKey + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(line[0]).as(target[1]).isEqualTo("HTTP/1.1 414 Request-URI Too Long");
        assertThat(line[1]).contains("connection: close", "content-type: application/xml");
        assertThat(line[2]).contains("<Error>", "<Code>InvalidURI</Code>");

        String[] headers = exchange(port, "PUT " + target[1] + "key HTTP/1.1\r\nHost: x\r\n" + bigHeader + "\r\n");
        assertThat(headers[0]).as(target[1]).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(headers[1]).contains("connection: close");
        assertThat(headers[2]).contains("<Error>", "<Code>RequestHeaderSectionTooLarge</Code>");
      }
    }
  }
}
