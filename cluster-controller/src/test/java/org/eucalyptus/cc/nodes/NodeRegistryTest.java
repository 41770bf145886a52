package org.eucalyptus.cc.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NODES plus nodes registered at run time: kept across restarts, refused with reasons. */
@UnitTest
class NodeRegistryTest {
  @TempDir Path state;

  NodeRegistry open() {
    return NodeRegistry.fromSettings(EucaConf.of(Map.of("NODES", "10.0.0.5 10.0.0.6:9000")), state);
  }

  static List<String> tags(NodeRegistry r) {
    return r.all().stream().map(Node::serviceTag).toList();
  }

  @Test
  void registeredNodesAreKeptAndConfNodesAreNotTheirsToRemove() throws Exception {
    NodeRegistry r = open();
    List<String> heard = new ArrayList<>();
    r.listen(new NodeRegistry.Listener() {
      @Override
      public void added(Node n) {
        heard.add("+" + n.serviceTag());
      }

      @Override
      public void removed(Node n) {
        heard.add("-" + n.serviceTag());
      }
    });
    Node added = r.register("10.0.0.7", 0);
    assertThat(added.serviceTag()).isEqualTo("http://10.0.0.7:8775/axis2/services/EucalyptusNC");
    assertThat(r.register("10.0.0.7", 8775)).isSameAs(added); // the same node again: no change
    r.register("node8.example", 9001);
    assertThat(heard).containsExactly("+http://10.0.0.7:8775/axis2/services/EucalyptusNC",
        "+http://node8.example:9001/axis2/services/EucalyptusNC");
    assertThat(r.source(r.all().get(0))).isEqualTo(NodeRegistry.Source.CONF);
    assertThat(r.source(added)).isEqualTo(NodeRegistry.Source.REGISTERED);
    assertThat(r.hosts()).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7", "node8.example");

    // A restart: NODES first, then what was registered, in order.
    NodeRegistry again = open();
    assertThat(tags(again)).isEqualTo(tags(r));
    assertThat(again.all().stream().map(Node::index).distinct().count()).isEqualTo(4);

    assertThatThrownBy(() -> again.deregister("10.0.0.5", 0, n -> false))
        .isInstanceOf(NodeRegistry.RegistrationException.class).hasMessageContaining("NODES");
    assertThatThrownBy(() -> again.deregister("10.0.0.7", 0, n -> true))
        .isInstanceOf(NodeRegistry.RegistrationException.class).hasMessageContaining("still runs instances");
    assertThatThrownBy(() -> again.deregister("10.0.0.99", 0, n -> false))
        .isInstanceOf(NodeRegistry.RegistrationException.class).hasMessageContaining("no node");
    again.deregister("10.0.0.7", 0, n -> false);
    assertThat(tags(open())).containsExactly("http://10.0.0.5:8775/axis2/services/EucalyptusNC",
        "http://10.0.0.6:9000/axis2/services/EucalyptusNC", "http://node8.example:9001/axis2/services/EucalyptusNC");
  }

  @Test
  void badAddressesAreRefused() {
    NodeRegistry r = open();
    for (String bad : new String[] {"", "no such host", "-x", "a/b", "host;rm"}) {
      assertThatThrownBy(() -> r.register(bad, 0)).as(bad).isInstanceOf(NodeRegistry.RegistrationException.class)
          .hasMessageContaining("host name or IPv4 address");
    }
    assertThatThrownBy(() -> r.register("10.0.0.9", 70000)).isInstanceOf(NodeRegistry.RegistrationException.class);
    assertThat(r.all()).hasSize(2);
  }

  @Test
  void aBatchOfTwoHundredNodesIsSavedOnceAndABadOneRefusesTheBatch() throws Exception {
    NodeRegistry r = open();
    List<String> heard = new ArrayList<>();
    r.listen(new NodeRegistry.Listener() {
      @Override
      public void added(Node n) {
        heard.add(n.serviceTag());
      }

      @Override
      public void removed(Node n) {}
    });
    List<NodeRegistry.Address> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(new NodeRegistry.Address("10.1." + (i / 250) + "." + (i % 250 + 1), 20000 + i));
    }
    batch.add(new NodeRegistry.Address("10.0.0.5", 0)); // of NODES already: returned unchanged
    List<Node> got = r.registerAll(batch);

    // One write of the registry for the whole call, not one a node.
    assertThat(r.saves()).isEqualTo(1);
    assertThat(got).hasSize(201);
    assertThat(got.get(200)).isSameAs(r.all().get(0));
    assertThat(heard).hasSize(200).first().isEqualTo("http://10.1.0.1:20000/axis2/services/EucalyptusNC");
    assertThat(tags(open())).hasSize(202).isEqualTo(tags(r));

    // The same nodes again change nothing and write nothing.
    r.registerAll(batch);
    assertThat(r.saves()).isEqualTo(1);

    // One bad address refuses the batch: none of it is added or written.
    assertThatThrownBy(() -> r.registerAll(List.of(new NodeRegistry.Address("10.2.0.1", 0),
        new NodeRegistry.Address("bad host", 0)))).isInstanceOf(NodeRegistry.RegistrationException.class)
        .hasMessageContaining("bad host");
    assertThat(r.all()).hasSize(202);
    assertThat(r.saves()).isEqualTo(1);
  }
}
