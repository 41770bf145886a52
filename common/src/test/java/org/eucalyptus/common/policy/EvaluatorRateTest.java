package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's rate: a user whose groups carry 20 policies of 20 statements each, asked about
 * 10,000 instances as a DescribeInstances of that many would. Prints the rate; the benchmark
 * (bench/) measures the cost on the wire, so nothing here asserts a time.
 */
@UnitTest
class EvaluatorRateTest {
  private static List<PolicyDocument> policies() {
    List<PolicyDocument> docs = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      StringBuilder json = new StringBuilder("{'Version':'2012-10-17','Statement':[");
      for (int s = 0; s < 20; s++) {
        if (s > 0) {
          json.append(',');
        }
        switch (s % 5) {
          case 0 -> json.append("{'Effect':'Allow','Action':['ec2:Describe*','ec2:RunInstances'],"
              + "'Resource':'arn:aws:ec2:::instance/i-" + p + s + "*'}");
          case 1 -> json.append("{'Effect':'Allow','Action':'ec2:*','Resource':'arn:aws:ec2:::image/*',"
              + "'Condition':{'IpAddress':{'aws:SourceIp':['10.0.0.0/8','192.168." + s + ".0/24']}}}");
          case 2 -> json.append("{'Effect':'Deny','Action':'ec2:TerminateInstances',"
              + "'Resource':'arn:aws:ec2:::instance/i-dead" + p + s + "'}");
          case 3 -> json.append("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::home/${aws:username}/*',"
              + "'Condition':{'Bool':{'aws:SecureTransport':'true'}}}");
          default -> json.append("{'Effect':'Allow','NotAction':'iam:*','Resource':'arn:aws:ec2:::volume/*',"
              + "'Condition':{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}}");
        }
      }
      docs.add(Policies.doc(json.append("]}").toString()));
    }
    return docs;
  }

  @Test
  void twentyPoliciesOfTwentyStatementsAgainstTenThousandResources() {
    List<PolicyDocument> docs = policies();
    String[] resources = new String[10_000];
    for (int i = 0; i < resources.length; i++) {
      resources[i] = String.format("arn:aws:ec2:::instance/i-%08x", i * 7919);
    }
    int allowed = 0;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      Authorization a = Policies.user(Policies.ALICE, docs, List.of());
      allowed = 0;
      for (String r : resources) {
        if (a.allows("ec2:DescribeInstances", r)) {
          allowed++;
        }
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    double perSecond = resources.length / (best / 1e9);
    System.out.printf("policy evaluator: 20 policies x 20 statements, %d resources in %.1f ms: %.0f decisions/s%n",
        resources.length, best / 1e6, perSecond);
    // Instances named i-<p><s>… by a case-0 statement are allowed; the count shows the work was real.
    assertThat(allowed).isPositive().isLessThan(resources.length);
  }
}
