package org.eucalyptus.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.PolicyDocument;
import org.eucalyptus.common.policy.PolicyParser;
import org.eucalyptus.common.policy.RequestFacts;

/**
 * The policy evaluator alone, in this process: how many {@code Authorization.allows} calls a second
 * it answers for the benchmark's user (its {@link BenchPolicies}), each on a fresh Authorization as
 * every request gets one, and how many DescribeInstances' worth (one Authorization, one call per
 * instance it filters) beside the account admin's.
 */
final class EvaluatorRate {
  private static final String ACCOUNT = "000000000042";
  private static final String ACTION = "ec2:DescribeInstances";

  private final CallerPolicies policies;
  private final int statements;
  private final List<String> instanceArns = new ArrayList<>();
  private final RequestFacts facts = new RequestFacts("127.0.0.1", false, Instant.now());

  EvaluatorRate(int policyCount, int statementCount, int instances) throws Exception {
    List<PolicyDocument> docs = new ArrayList<>();
    for (String text : BenchPolicies.documents(policyCount, statementCount, ACCOUNT)) {
      docs.add(PolicyParser.parse(text));
    }
    this.policies = new CallerPolicies(docs, List.of());
    this.statements = docs.stream().mapToInt(d -> d.statements().size()).sum();
    for (int i = 0; i < instances; i++) {
      instanceArns.add(Arns.ec2(Arns.INSTANCE, String.format("i-%08x", 0x10000000 + i)));
    }
  }

  static Caller user() {
    return new Caller(ACCOUNT, "bench", "AIDABENCHUSER", "bench-user", "AKIBENCHUSER", false);
  }

  static Caller accountAdmin() {
    return new Caller(ACCOUNT, "bench", "AIDABENCHADMIN", "admin", "AKIBENCHADMIN", false);
  }

  void run(Duration measure) {
    Authorization check = new Authorization(user(), policies, facts);
    if (!check.allows(ACTION, instanceArns.get(0)) || check.allows("ec2:RunInstances", Arns.ec2(Arns.IMAGE, "*"))) {
      throw new IllegalStateException("the benchmark's policies do not decide as meant: allow "
          + ACTION + " and nothing else");
    }
    System.out.printf("Policy evaluator alone: %d policies, %d statements in all; %s on %d instances%n",
        policies.identity().size(), statements, ACTION, instanceArns.size());
    // Warm-up, so the JIT has compiled the evaluator before anything is counted.
    singleCalls(user(), Duration.ofSeconds(2));
    perRequest(user(), Duration.ofSeconds(2));
    double userCalls = singleCalls(user(), measure);
    double adminCalls = singleCalls(accountAdmin(), measure);
    System.out.printf("  Authorization.allows, a fresh Authorization each call:%n");
    System.out.printf("    user          %,12.0f calls/s  (%6.2f us a call)%n", userCalls, 1e6 / userCalls);
    System.out.printf("    account admin %,12.0f calls/s  (%6.2f us a call)%n", adminCalls, 1e6 / adminCalls);
    double userReqs = perRequest(user(), measure);
    double adminReqs = perRequest(accountAdmin(), measure);
    System.out.printf("  one request's filtering (an Authorization, %d calls, one per instance):%n",
        instanceArns.size());
    System.out.printf("    user          %,12.0f requests/s  (%8.2f us a request)%n", userReqs, 1e6 / userReqs);
    System.out.printf("    account admin %,12.0f requests/s  (%8.2f us a request)%n", adminReqs, 1e6 / adminReqs);
    System.out.printf("  the user's policies cost %.2f us a request%n", 1e6 / userReqs - 1e6 / adminReqs);
  }

  /** Calls a second: each on a new Authorization, so none is answered from the per-request cache. */
  private double singleCalls(Caller caller, Duration d) {
    long end = System.nanoTime() + d.toNanos();
    long t0 = System.nanoTime();
    long n = 0;
    int allowed = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        Authorization a = new Authorization(caller, policies, facts);
        if (a.allows(ACTION, instanceArns.get(i % instanceArns.size()))) {
          allowed++;
        }
      }
      n += 1000;
    }
    if (allowed != n) {
      throw new IllegalStateException(caller.userName() + " was refused " + (n - allowed) + " calls");
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  /** DescribeInstances' worth a second: mayAttempt, then one call per instance on one Authorization. */
  private double perRequest(Caller caller, Duration d) {
    long end = System.nanoTime() + d.toNanos();
    long t0 = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      Authorization a = new Authorization(caller, policies, facts);
      if (!a.mayAttempt(ACTION)) {
        throw new IllegalStateException(caller.userName() + " may not attempt " + ACTION);
      }
      for (String arn : instanceArns) {
        if (!a.allows(ACTION, arn)) {
          throw new IllegalStateException(caller.userName() + " may not describe " + arn);
        }
      }
      n++;
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }
}
