package org.eucalyptus.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class MacAddressesTest {
  @Test
  void anInstancesMacIsThePrefixAndTheIdsFourBytes() {
    assertThat(MacAddresses.forInstance("D0:0D", "i-0A1B2C3D")).isEqualTo("d0:0d:0a:1b:2c:3d");
    // The configured prefix is honoured (the CC once hard-coded d0:0d in one of two copies).
    assertThat(MacAddresses.forInstance("02:ab", "i-12345678")).isEqualTo("02:ab:12:34:56:78");
    assertThat(MacAddresses.forInstance("d0:0d", "i-12")).isEqualTo("d0:0d:12:00:00:00");
  }

  @Test
  void anAddressesMacIsThePrefixAndTheAddressesBytes() {
    assertThat(MacAddresses.forAddress("d0:0d", "10.1.2.255")).isEqualTo("d0:0d:0a:01:02:ff");
    assertThatThrownBy(() -> MacAddresses.forAddress("d0:0d", "10.1.2")).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> MacAddresses.forAddress("d0:0d", "10.1.2.256")).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> MacAddresses.forAddress("d0", "10.1.2.3")).hasMessageContaining("two hex bytes");
  }

  @Test
  void thePrefixOfAMacOrTheFallback() {
    assertThat(MacAddresses.prefixOf("02:AB:01:02:03:04", "d0:0d")).isEqualTo("02:ab");
    assertThat(MacAddresses.prefixOf("nonsense", "d0:0d")).isEqualTo("d0:0d");
    assertThat(MacAddresses.prefixOf(null, "d0:0d")).isEqualTo("d0:0d");
  }

  @Test
  void networkModesAreReadAsEucalyptusConfSpellsThem() {
    assertThat(NetworkMode.parse(" managed-novlan ")).isEqualTo(NetworkMode.MANAGED_NOVLAN);
    assertThat(NetworkMode.MANAGED_NOVLAN.confValue()).isEqualTo("MANAGED-NOVLAN");
    assertThat(NetworkMode.STATIC.managed()).isFalse();
    assertThatThrownBy(() -> NetworkMode.parse("VLAN")).hasMessageContaining("VNET_MODE must be");
  }
}
