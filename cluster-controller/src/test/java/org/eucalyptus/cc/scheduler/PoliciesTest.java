package org.eucalyptus.cc.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class PoliciesTest {
  static final VmShape SMALL = new VmShape("m1.small", 1, 128, 2);

  static List<NodeView> nodes(int n, int cores) {
    List<NodeView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new NodeView(i, "node" + i, true, cores, cores * 256, cores * 10));
    }
    return out;
  }

  /** Places {@code count} instances one after another and returns the node each went to. */
  static List<Integer> place(SchedulingPolicy p, List<NodeView> views, int count) {
    List<Integer> where = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      OptionalInt i = p.choose(views, SMALL);
      if (i.isEmpty()) {
        break;
      }
      where.add(i.getAsInt());
      views.set(i.getAsInt(), views.get(i.getAsInt()).minus(SMALL));
    }
    return where;
  }

  @Test
  void greedyFillsTheFirstNodeFirst() {
    assertThat(place(new GreedyPolicy(), nodes(3, 2), 5)).containsExactly(0, 0, 1, 1, 2);
  }

  @Test
  void roundRobinSpreads() {
    assertThat(place(new RoundRobinPolicy(), nodes(3, 2), 5)).containsExactly(0, 1, 2, 0, 1);
  }

  @Test
  void powerSavePacks() {
    assertThat(place(new PowerSavePolicy(), nodes(3, 2), 3)).containsExactly(0, 0, 1);
  }

  @Test
  void nothingFitsWhenFullOrDownOrTooSmall() {
    List<NodeView> views = nodes(2, 1);
    assertThat(place(new RoundRobinPolicy(), views, 5)).hasSize(2);
    List<NodeView> down = List.of(new NodeView(0, "n", false, 8, 4096, 100));
    assertThat(new GreedyPolicy().choose(down, SMALL)).isEmpty();
    List<NodeView> tinyMemory = List.of(new NodeView(0, "n", true, 8, 100, 100));
    assertThat(new GreedyPolicy().choose(tinyMemory, SMALL)).isEmpty();
  }

  @Test
  void unknownPolicyIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulingPolicy.named("FASTEST"))
        .hasMessageContaining("SCHEDPOLICY must be GREEDY, ROUNDROBIN or POWERSAVE");
    assertThat(SchedulingPolicy.named("greedy")).isInstanceOf(GreedyPolicy.class);
  }

  @Test
  void fitsCountsTheScarcestResource() {
    assertThat(SMALL.fitsIn(4, 300, 100)).isEqualTo(2);
    assertThat(SMALL.fitsIn(4, 4096, 5)).isEqualTo(2);
    assertThat(SMALL.fitsIn(-1, 4096, 5)).isZero();
  }
}
