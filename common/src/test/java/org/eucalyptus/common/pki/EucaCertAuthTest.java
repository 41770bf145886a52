package org.eucalyptus.common.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@UnitTest
class EucaCertAuthTest {
  static TestCa cloud;
  static TestCa.Issued node;
  static final Duration SKEW = Duration.ofMinutes(15);
  static final String PATH = "/services/Walrus/bucket/disk.img.manifest.xml";

  @BeforeAll
  static void ca() throws Exception {
    cloud = new TestCa("CN=cloud");
    node = cloud.issue(ComponentIdentity.subject(ComponentIdentity.NODE, "node1.example"));
  }

  private static Map<String, String> signed(TestCa.Issued who, String path, Instant at) throws Exception {
    return new HashMap<>(EucaCertAuth.sign("GET", path, who.cert(), who.keys().getPrivate(), at));
  }

  private static void verify(Map<String, String> h, String path) throws AuthException {
    EucaCertAuth.verify("GET", path, h::get, cloud.cert, ComponentIdentity.NODE, Clock.systemUTC(), SKEW);
  }

  @Test
  void aNodeSignedRequestIsAccepted() throws Exception {
    Map<String, String> h = signed(node, PATH, Instant.now());
    assertThat(EucaCertAuth.present(h::get)).isTrue();
    assertThat(EucaCertAuth.verify("GET", PATH, h::get, cloud.cert, ComponentIdentity.NODE, Clock.systemUTC(), SKEW))
        .isEqualTo(node.cert());
    assertThat(ComponentIdentity.role(node.cert())).isEqualTo("node");
  }

  @Test
  void otherPathsMethodsAndTimesAreRefused() throws Exception {
    Map<String, String> h = signed(node, PATH, Instant.now());
    assertThatThrownBy(() -> verify(h, PATH + "x")).isInstanceOf(AuthException.class)
        .hasFieldOrPropertyWithValue("reason", AuthException.Reason.BAD_SIGNATURE);
    assertThatThrownBy(() -> EucaCertAuth.verify("PUT", PATH, h::get, cloud.cert, "node", Clock.systemUTC(), SKEW))
        .hasFieldOrPropertyWithValue("reason", AuthException.Reason.BAD_SIGNATURE);
    Map<String, String> old = signed(node, PATH, Instant.now().minus(Duration.ofHours(1)));
    assertThatThrownBy(() -> verify(old, PATH)).hasFieldOrPropertyWithValue("reason", AuthException.Reason.EXPIRED);
    assertThatThrownBy(() -> verify(Map.of("Authorization", "Euca"), PATH))
        .hasFieldOrPropertyWithValue("reason", AuthException.Reason.MISSING);
  }

  @Test
  void usersAndOtherCloudsAreNotNodes() throws Exception {
    TestCa.Issued user = cloud.issue("CN=alice, OU=123456789012, O=Eucalyptus");
    Map<String, String> byUser = signed(user, PATH, Instant.now());
    assertThatThrownBy(() -> verify(byUser, PATH)).hasMessageContaining("not a node");
    TestCa other = new TestCa("CN=other");
    TestCa.Issued foreign = other.issue(ComponentIdentity.subject("node", "n"));
    Map<String, String> byForeign = signed(foreign, PATH, Instant.now());
    assertThatThrownBy(() -> verify(byForeign, PATH)).hasMessageContaining("not issued by this cloud");
    TestCa.Issued cluster = cloud.issue(ComponentIdentity.subject(ComponentIdentity.CLUSTER, "cc"));
    Map<String, String> byCluster = signed(cluster, PATH, Instant.now());
    assertThatThrownBy(() -> verify(byCluster, PATH)).hasMessageContaining("not a node");
  }
}
