package org.eucalyptus.walrus.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The door itself, for what an HTTP layer might let through: headers with control characters. */
@UnitTest
class S3DoorTest {
  @Test
  void headersWithControlCharactersAreRefused() {
    for (String bad : new String[] {"bl\u0000ue", "bl\u0001ue", "a\nb", "a\rb", "\u001b[0m"}) {
      // Netty's own validation off, as another HTTP layer might have it.
      HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
      h.add("x-amz-meta-color", bad);
      assertThatThrownBy(() -> S3Door.check("b", "k", Map.of(), h)).isInstanceOfSatisfying(S3Exception.class, e -> {
        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("InvalidArgument");
        org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain(bad);
      });
    }
    // UTF-8 sent raw arrives as ISO-8859-1 characters, 0x80-0x9F among them: not controls here.
    HttpHeaders utf8 = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    utf8.add("x-amz-meta-price", new String("5 €".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1));
    utf8.add("x-amz-meta-tabbed", "a\tb");
    assertThatCode(() -> S3Door.check("b", "k", Map.of(), utf8)).doesNotThrowAnyException();
  }
}
