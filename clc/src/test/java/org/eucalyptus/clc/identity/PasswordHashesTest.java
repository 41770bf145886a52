package org.eucalyptus.clc.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Salted, slow, self-describing password hashes. */
@UnitTest
class PasswordHashesTest {
  private final PasswordHashes fast = new PasswordHashes(1_000); // the format, without the wait

  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String h = fast.hash("correct horse");
    assertThat(fast.verify("correct horse", h)).isTrue();
    assertThat(fast.verify("correct horsE", h)).isFalse();
    assertThat(fast.verify("", h)).isFalse();
    assertThat(h).doesNotContain("correct");
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    String a = fast.hash("same password");
    String b = fast.hash("same password");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.split("\\$")[2]).isNotEqualTo(b.split("\\$")[2]); // the salts
    assertThat(fast.verify("same password", a)).isTrue();
    assertThat(fast.verify("same password", b)).isTrue();
  }

  @Test
  void theTextSaysHowItWasMadeSoTheCountCanBeRaised() {
    String h = fast.hash("pässwörd ☃");
    String[] parts = h.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(parts[1]).isEqualTo("1000");
    assertThat(java.util.Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(java.util.Base64.getDecoder().decode(parts[3])).hasSize(32);
    PasswordHashes raised = new PasswordHashes(2_000);
    assertThat(raised.verify("pässwörd ☃", h)).isTrue(); // made with 1000, verified by a 2000-hasher
    assertThat(raised.outdated(h)).isTrue();
    assertThat(raised.outdated(raised.hash("x"))).isFalse();
  }

  @Test
  void aStoredTextInNoKnownFormatVerifiesNothing() {
    for (String bad : new String[] {null, "", "plain", "md5$1$a$b", "pbkdf2-sha256$x$AAAA$AAAA",
        "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$10$!!$AAAA", "pbkdf2-sha256$10$AAAA$"}) {
      assertThat(fast.verify("anything", bad)).as(bad).isFalse();
    }
  }

  @Test
  void theDefaultCountIsSlow() {
    PasswordHashes real = new PasswordHashes();
    real.hash("warm up the JIT");
    long started = System.nanoTime();
    String h = real.hash("a password");
    long ms = (System.nanoTime() - started) / 1_000_000;
    assertThat(h).startsWith("pbkdf2-sha256$" + PasswordHashes.DEFAULT_ITERATIONS + "$");
    assertThat(ms).as("one hash at the default count takes a guesser's while").isGreaterThanOrEqualTo(20);
  }
}
