package org.eucalyptus.common.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** A secret sealed for one key opens with that key only, and not once altered. */
@UnitTest
class SealedSecretsTest {
  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  @Test
  void opensForItsRecipientOnly() throws Exception {
    KeyPair node = rsa();
    KeyPair other = rsa();
    String sealed = SealedSecrets.seal("chap-Pa55word/+=", node.getPublic());
    assertThat(sealed).doesNotContain("chap");
    assertThat(SealedSecrets.seal("chap-Pa55word/+=", node.getPublic())).isNotEqualTo(sealed); // OAEP is randomized
    assertThat(SealedSecrets.open(sealed, node.getPrivate())).isEqualTo("chap-Pa55word/+=");

    assertThatThrownBy(() -> SealedSecrets.open(sealed, other.getPrivate())).isInstanceOf(GeneralSecurityException.class);
    byte[] raw = java.util.Base64.getDecoder().decode(sealed);
    raw[10] ^= 1;
    String altered = java.util.Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> SealedSecrets.open(altered, node.getPrivate())).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> SealedSecrets.open("not base64 !", node.getPrivate()))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("base64");
  }
}
