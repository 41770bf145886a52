package org.eucalyptus.common.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Endpoints on one shared bus closed from many threads at once, as the node simulator stops its
 * nodes. CXF's server life-cycle manager reads its listener list's size and then iterates from that
 * index, while each stopping endpoint removes its own listener: unguarded, a close on one thread
 * failed with an IndexOutOfBoundsException when another's removal fell between the two.
 */
@IntegrationTest
class SharedBusCloseTest {
  @Test
  void endpointsOnOneBusCloseConcurrently() throws Exception {
    Bus bus = BusFactory.newInstance().createBus();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        List<SoapService> services = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          services.add(SoapService.publish("/services/Echo" + i, new EchoImpl(), List.of(), bus));
        }
        List<Future<?>> closes = new ArrayList<>();
        for (SoapService s : services) {
          closes.add(threads.submit(() -> {
            s.close();
            return null;
          }));
        }
        for (Future<?> f : closes) {
          f.get(); // an exception in any close fails the test here
        }
      }
      assertThat(bus.getExtension(org.apache.cxf.endpoint.ServerRegistry.class).getServers()).isEmpty();
    } finally {
      threads.shutdownNow();
      bus.shutdown(false);
    }
  }
}
