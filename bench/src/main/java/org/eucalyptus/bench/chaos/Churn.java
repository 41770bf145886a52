package org.eucalyptus.bench.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Instances run and terminated one after another by a few workers, as a careful client would:
 * every RunInstances carries a ClientToken and is retried with the same token until answered (so
 * a launch the cloud made but whose answer was lost must not make a second instance), every
 * terminate is retried until accepted. It records what the cloud did to the instances it
 * acknowledged.
 */
final class Churn {
  private static final Duration RETRY_FOR = Duration.ofMinutes(3);

  private final Ec2Client ec2;
  private final String imageId;
  private final String instanceType;
  private final int target;
  private final Gate gate;
  private final AtomicInteger next = new AtomicInteger();
  /** RunInstances answered: instance id -> its ClientToken. */
  final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  /** Instances a terminate was sent for (before the answer, which may be lost). */
  final Set<String> terminatedByUs = new ConcurrentSkipListSet<>();
  /** Acknowledged instances found ended, or gone, before any terminate: id -> what was seen. */
  final Map<String, String> lost = new ConcurrentHashMap<>();
  /** Acknowledged instances still pending when the worker gave up waiting for running. */
  final Set<String> neverRan = new ConcurrentSkipListSet<>();
  /** Terminated instances still not terminated after the wait. */
  final Set<String> slowTerminate = new ConcurrentSkipListSet<>();
  /** Launches that got no answer within the retry time. */
  final AtomicInteger unanswered = new AtomicInteger();
  /** The errors the client saw, by code (HTTP status, EC2 error code or the client's exception). */
  final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  final AtomicInteger runsDone = new AtomicInteger();

  Churn(Ec2Client ec2, String imageId, String instanceType, int target, Gate gate) {
    this.ec2 = ec2;
    this.imageId = imageId;
    this.instanceType = instanceType;
    this.target = target;
    this.gate = gate;
  }

  /** How many launches have been started. */
  int started() {
    return Math.min(next.get(), target);
  }

  void worker(int seed) {
    Random random = new Random(seed);
    while (true) {
      int n = next.getAndIncrement();
      if (n >= target) {
        return;
      }
      try {
        cycle(n, random);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      runsDone.incrementAndGet();
    }
  }

  private void cycle(int n, Random random) throws InterruptedException {
    String token = "chaos-" + n + "-" + Long.toHexString(random.nextLong());
    gate.awaitOpen();
    String id = runInstance(token);
    if (id == null) {
      unanswered.incrementAndGet();
      return;
    }
    acknowledged.put(id, token);
    String state = waitWhile(id, Set.of("pending"), Duration.ofMinutes(2));
    if (state.equals("pending")) {
      neverRan.add(id);
    } else if (!state.equals("running")) {
      lost.put(id, state + " before its terminate");
      return;
    }
    Thread.sleep(300 + random.nextInt(1500));
    String before = state(id);
    if (!before.equals("running") && !before.equals("pending") && !before.equals("?")) {
      lost.put(id, before + " before its terminate");
      return;
    }
    gate.awaitOpen();
    terminate(id);
    String end = waitWhile(id, Set.of("pending", "running", "shutting-down", "?"), Duration.ofSeconds(90));
    if (!end.equals("terminated") && !end.equals("gone")) {
      slowTerminate.add(id);
    }
  }

  private String runInstance(String token) throws InterruptedException {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return ec2.runInstances(r -> r.imageId(imageId).instanceType(instanceType).minCount(1).maxCount(1)
            .clientToken(token)).instances().get(0).instanceId();
      } catch (RuntimeException e) {
        error(e);
        Thread.sleep(500);
      }
    }
    return null;
  }

  void terminate(String id) throws InterruptedException {
    terminatedByUs.add(id);
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        ec2.terminateInstances(r -> r.instanceIds(id));
        return;
      } catch (AwsServiceException e) {
        error(e);
        if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
          return;
        }
        Thread.sleep(500);
      } catch (RuntimeException e) {
        error(e);
        Thread.sleep(500);
      }
    }
  }

  /** The instance's state at the CLC: "gone" when it is not known, "?" when the CLC does not answer. */
  String state(String id) {
    try {
      Optional<Instance> i = ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
          .flatMap(r -> r.instances().stream()).findFirst();
      return i.map(x -> x.state().nameAsString()).orElse("gone");
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return "gone";
      }
      error(e);
      return "?";
    } catch (RuntimeException e) {
      error(e);
      return "?";
    }
  }

  /** Polls until the state is none of {@code waiting} (a CLC that does not answer counts as waiting). */
  private String waitWhile(String id, Set<String> waiting, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    String s = state(id);
    while ((waiting.contains(s) || s.equals("?")) && System.nanoTime() < deadline) {
      Thread.sleep(150);
      s = state(id);
    }
    return s;
  }

  void error(RuntimeException e) {
    String code;
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
      code = a.statusCode() + " " + a.awsErrorDetails().errorCode();
    } else {
      code = e.getClass().getSimpleName();
    }
    errors.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
  }

  /** New launches and terminates wait while it is closed (requests already made go on). */
  static final class Gate {
    private boolean open = true;

    synchronized void close() {
      open = false;
    }

    synchronized void open() {
      open = true;
      notifyAll();
    }

    synchronized void awaitOpen() throws InterruptedException {
      while (!open) {
        wait();
      }
    }
  }
}
