package org.eucalyptus.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The policies of the benchmark's user: {@code policies} documents of {@code statements} statements
 * each, of which exactly one allows {@code ec2:Describe*} on everything. The rest are what an
 * account's groups carry in practice, and each makes the evaluator work for DescribeInstances in
 * another way: statements for other services' and EC2's other actions (skipped on the action),
 * Allows of DescribeInstances on instances that never exist (matched on the action, missed on the
 * resource), and Denies of all of EC2 from outside 127.0.0.0/8 (matched on action and resource,
 * missed on the condition, which is tested for every request from loopback).
 */
final class BenchPolicies {
  private BenchPolicies() {}

  static List<String> documents(int policies, int statements, String accountNumber) {
    List<String> docs = new ArrayList<>();
    for (int p = 0; p < policies; p++) {
      StringBuilder d = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
      for (int s = 0; s < statements; s++) {
        d.append(s == 0 ? "" : ",").append(statement(p, s, accountNumber));
      }
      docs.add(d.append("]}").toString());
    }
    return docs;
  }

  /** The one statement that lets the user describe: the first of the first policy. */
  static boolean isTheAllow(int policy, int statement) {
    return policy == 0 && statement == 0;
  }

  private static String statement(int p, int s, String account) {
    String sid = String.format("\"Sid\":\"p%02ds%02d\",", p, s);
    if (isTheAllow(p, s)) {
      return "{" + sid + "\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}";
    }
    // "zz" never begins an instance id (i- and eight hex digits).
    return switch (s % 5) {
      case 0 -> "{" + sid + "\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
          + String.format("\"Resource\":[\"arn:aws:s3:::bench-%02d-%02d\",\"arn:aws:s3:::bench-%02d-%02d/*\"]}",
              p, s, p, s);
      case 1 -> "{" + sid + "\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeInstances\","
          + String.format("\"Resource\":\"arn:aws:ec2:::instance/i-zz%02d%02d*\"}", p, s);
      case 2 -> "{" + sid + "\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\","
          + "\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}}";
      case 3 -> "{" + sid + "\"Effect\":\"Allow\",\"Action\":[\"ec2:RunInstances\",\"ec2:TerminateInstances\","
          + "\"ec2:StartInstances\",\"ec2:StopInstances\"],"
          + String.format("\"Resource\":\"arn:aws:ec2:::instance/i-zz%02d%02d*\",", p, s)
          + "\"Condition\":{\"StringEquals\":{\"aws:username\":\"nobody\"}}}";
      default -> "{" + sid + "\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\",\"iam:ListAccessKeys\"],"
          + String.format("\"Resource\":\"arn:aws:iam::%s:user/bench/u%02d%02d\"}", account, p, s);
    };
  }
}
