package org.eucalyptus.cc.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.eucalyptus.common.soap.NonBlockingCalls;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;
import org.junit.jupiter.api.Test;

/**
 * A call's time counts from the call: what comes before the request leaves (building and signing
 * it, which on a busy cluster controller waits its turn for a thread) is spent out of it, so a node
 * is given no more than the node timeout, however slow its caller was to send.
 */
@IntegrationTest
class NonBlockingCallsDeadlineTest {
  @Test
  void aCallFailsAtItsDeadlineCountedFromTheCallNotFromWhenItsRequestLeft() throws Exception {
    long slowMs = 600;
    Duration timeout = Duration.ofSeconds(1);
    List<Socket> held = new ArrayList<>();
    // A node that accepts the connection and never answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        NonBlockingCalls calls = new NonBlockingCalls("test", 2, Duration.ofSeconds(2))) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      EucalyptusNCPortType client = calls.adopt(SoapClients.create(EucalyptusNCPortType.class,
          "http://127.0.0.1:" + silent.getLocalPort() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2),
          Duration.ofSeconds(60)));
      // Stands for the signing a busy component does before the request leaves.
      ClientProxy.getClient(client).getOutInterceptors().add(new AbstractPhaseInterceptor<Message>(Phase.PRE_STREAM) {
        @Override
        public void handleMessage(Message message) {
          try {
            Thread.sleep(slowMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      long t0 = System.nanoTime();
      var answer = calls.call(client, "http://127.0.0.1:" + silent.getLocalPort() + "/axis2/services/EucalyptusNC",
          "ncDescribeInstances", new NcDescribeInstances(), NcDescribeInstancesResponse.class, timeout);
      Throwable failure = null;
      try {
        answer.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      long failedAfterMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("timeout %d ms, %d ms before the request left: failed %d ms after the call (%s)%n",
          timeout.toMillis(), slowMs, failedAfterMs, failure);
      assertThat(failure).as("the call failed").isNotNull();
      // Counted from when the request left, it would fail after slowMs + the timeout (1.6 s).
      assertThat(failedAfterMs).isBetween(timeout.toMillis() - 20, timeout.toMillis() + 300);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
