package org.eucalyptus.sc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** tgtadm's show output as tgt 1.0 prints it (copied from a real tgtd). */
@UnitTest
class TgtShowTest {
  static final String TARGETS = """
      Target 1: iqn.2010-05.org.eucalyptus:h:vol-00000001
          System information:
              Driver: iscsi
              State: ready
          I_T nexus information:
          LUN information:
              LUN: 0
                  Type: controller
                  Backing store path: None
              LUN: 1
                  Type: disk
                  Backing store path: /tmp/sc-vol1
          Account information:
              euca-aaaa
              euca-bbbb
          ACL information:
              127.0.0.1
      Target 3: iqn.2024-01.org.example:other
          System information:
              Driver: iscsi
              State: ready
          I_T nexus information:
          LUN information:
          Account information:
          ACL information:
              ALL
      """;

  @Test
  void targetsWithTheirAccountsAndAddresses() {
    List<TgtTarget> t = TgtShow.targets(TARGETS);
    assertThat(t).containsExactly(
        new TgtTarget(1, "iqn.2010-05.org.eucalyptus:h:vol-00000001", List.of("euca-aaaa", "euca-bbbb"),
            List.of("127.0.0.1")),
        new TgtTarget(3, "iqn.2024-01.org.example:other", List.of(), List.of("ALL")));
    assertThat(TgtShow.targets("")).isEmpty();
  }

  @Test
  void accounts() {
    assertThat(TgtShow.accounts("Account list:\n    euca-aaaa\n    other\n")).containsExactly("euca-aaaa", "other");
    assertThat(TgtShow.accounts("Account list:\n")).isEmpty();
  }
}
