package org.eucalyptus.sc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.sc.iscsi.TgtSessions.Session;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class TgtSessionsTest {
  /** As tgtadm 1.0.85 printed it, two targets, the second with two sessions. */
  private static final String SHOW = """
      Target 1: iqn.2026-12.test:vol1
          System information:
              Driver: iscsi
              State: ready
          I_T nexus information:
          LUN information:
              LUN: 0
                  Type: controller
                  Online: Yes
          Account information:
          ACL information:
              ALL
      Target 12: iqn.2026-12.test:vol12
          System information:
              Driver: iscsi
              State: offline
          I_T nexus information:
              I_T nexus: 10
                  Initiator: iqn.2008-11.org.linux-kvm alias: none
                  Connection: 0
                      IP Address: 127.0.0.1
              I_T nexus: 11
                  Initiator: iqn.2008-11.org.linux-kvm alias: none
          LUN information:
              LUN: 1
                  Type: disk
                  Connection: 7
      Target 2: iqn.2026-12.test:vol2
          I_T nexus information:
              I_T nexus: 99
                  Connection: 3
      """;

  @Test
  void readsTheSessionsOfOneTargetOnly() {
    assertThat(TgtSessions.of(SHOW, 12)).contains(List.of(new Session(10, List.of(0L)), new Session(11, List.of())));
    assertThat(TgtSessions.of(SHOW, 2)).contains(List.of(new Session(99, List.of(3L))));
  }

  @Test
  void aTargetWithoutSessionsHasNone() {
    assertThat(TgtSessions.of(SHOW, 1)).contains(List.of());
  }

  @Test
  void aTargetNotListedIsAbsent() {
    assertThat(TgtSessions.of(SHOW, 3)).isEmpty();
    assertThat(TgtSessions.of("", 1)).isEmpty();
  }
}
