package org.eucalyptus.common.soap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.eucalyptus.common.pki.TestCa;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class RememberingTrustTest {
  static final List<Pattern> ANY = List.of(Pattern.compile(".*"));

  static void verify(RememberingTrust trust, X509Certificate cert, List<Pattern> subjects) throws WSSecurityException {
    trust.verifyTrust(new X509Certificate[] {cert}, false, subjects, List.of());
  }

  @Test
  void aSignerIsValidatedOnceThenRememberedWhileValid() throws Exception {
    TestCa ca = new TestCa("CN=test cloud, O=Eucalyptus");
    RememberingTrust trust = Keystores.trusting(ca.cert);
    X509Certificate cluster = ca.issue("CN=cluster01, OU=cluster, O=Eucalyptus Components").cert();

    for (int i = 0; i < 5; i++) {
      verify(trust, cluster, ANY);
    }
    assertThat(trust.pathValidations()).isEqualTo(1);

    // The patterns still apply to a remembered signer.
    assertThatThrownBy(() -> verify(trust, cluster, List.of(Pattern.compile(".*OU=node.*"))))
        .isInstanceOf(WSSecurityException.class);

    // A stranger's certificate is refused every time: a failure is never remembered.
    TestCa other = new TestCa("CN=another cloud, O=Eucalyptus");
    X509Certificate stranger = other.issue("CN=cluster01, OU=cluster, O=Eucalyptus Components").cert();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> verify(trust, stranger, ANY)).isInstanceOf(WSSecurityException.class);
    }
  }

  @Test
  void aRememberedSignerIsRefusedOnceItsCertificateExpires() throws Exception {
    TestCa ca = new TestCa("CN=test cloud, O=Eucalyptus");
    RememberingTrust trust = Keystores.trusting(ca.cert);
    X509Certificate brief = ca.issue("CN=node, OU=node, O=Eucalyptus Components", Duration.ofSeconds(2)).cert();
    verify(trust, brief, ANY);
    verify(trust, brief, ANY);
    assertThat(trust.pathValidations()).isEqualTo(1);
    Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), brief.getNotAfter().toInstant()).toMillis()) + 1100);
    assertThatThrownBy(() -> verify(trust, brief, ANY)).isInstanceOf(WSSecurityException.class);
  }
}
