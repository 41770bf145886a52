package org.eucalyptus.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class EucaConfTest {
  @Test
  void readsShellStyleAssignments() {
    EucaConf c = EucaConf.parse("""
        # a comment
        EUCALYPTUS="/opt/eucalyptus"
        NODES="10.0.0.11 10.0.0.12"
        CC_PORT=8774   # trailing comment
        export HYPERVISOR='kvm'
        EMPTY=""
        """);
    assertThat(c.get("EUCALYPTUS")).contains("/opt/eucalyptus");
    assertThat(c.get("NODES")).contains("10.0.0.11 10.0.0.12");
    assertThat(c.getInt("CC_PORT", 0)).isEqualTo(8774);
    assertThat(c.get("HYPERVISOR", "qemu")).isEqualTo("kvm");
    assertThat(c.get("EMPTY", "dflt")).isEqualTo("dflt");
    assertThat(c.with("CC_PORT", "9000").getInt("CC_PORT", 0)).isEqualTo(9000);
  }

  @Test
  void reportsTheLineOfAMistake() {
    assertThatThrownBy(() -> EucaConf.parse("A=1\nthis is not an assignment\n"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> EucaConf.parse("A=\"open\n")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> EucaConf.parse("CC_PORT=abc").getInt("CC_PORT", 1))
        .hasMessageContaining("CC_PORT must be a whole number");
  }
}
