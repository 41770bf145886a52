package org.eucalyptus.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * What IAM policies cost a request: DescribeInstances a second, with a cloud's worth of running
 * instances, as an account's admin (whom no policy binds) and as a user of that account whose
 * groups carry {@code policies} policies of {@code statements} statements each (one of them
 * allowing ec2:Describe*). The two are measured in alternating rounds on the same cloud, each by the
 * same raw signed HTTP client, so only the caller differs. The target: the user's rate at least
 * 90 % of the admin's. With {@code --evaluator-only}, the policy evaluator alone, in this process.
 */
public final class IamPolicyBench {
  private static final double TARGET = 0.90;

  /** The command line: {@code --name value} pairs, and the flag {@code --evaluator-only}. */
  record Options(int instances, int clients, int seconds, int rounds, int policies, int statements, int groups,
      String seed, boolean evaluatorOnly, int clcPort, int ccPort, int ncPort) {
    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      boolean evaluatorOnly = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--evaluator-only")) {
          evaluatorOnly = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      List<String> known = List.of("instances", "clients", "seconds", "rounds", "policies", "statements", "groups",
          "seed");
      for (String k : o.keySet()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException("unknown option --" + k + " (known: " + known + ")");
        }
      }
      String seed = o.getOrDefault("seed", "api");
      if (!seed.equals("api") && !seed.equals("db")) {
        throw new IllegalArgumentException("--seed is api or db, not " + seed);
      }
      Map<String, String> env = System.getenv();
      return new Options(positive(o, "instances", 100), positive(o, "clients", 4), positive(o, "seconds", 10),
          positive(o, "rounds", 3), positive(o, "policies", 20), positive(o, "statements", 20),
          positive(o, "groups", 1), seed, evaluatorOnly,
          Integer.parseInt(env.getOrDefault("CLC_PORT", "24773")), Integer.parseInt(env.getOrDefault("CC_PORT", "24774")),
          Integer.parseInt(env.getOrDefault("NC_PORT", "24775")));
    }

    private static int positive(Map<String, String> o, String name, int dflt) {
      int v = Integer.parseInt(o.getOrDefault(name, "" + dflt));
      if (v < 1) {
        throw new IllegalArgumentException("--" + name + " must be at least 1");
      }
      return v;
    }
  }

  private final Options options;
  private final Path work;
  private final ComponentCloud cloud;

  IamPolicyBench(Options options, Path src, Path work) {
    this.options = options;
    this.work = work;
    this.cloud = new ComponentCloud(src, work);
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("iam-policy: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (o.evaluatorOnly()) {
      new EvaluatorRate(o.policies(), o.statements(), o.instances()).run(Duration.ofSeconds(o.seconds()));
      return;
    }
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("euca-bench-iam-");
    IamPolicyBench b = new IamPolicyBench(o, src, work);
    Thread stopper = new Thread(b.cloud::close, "stop-cloud");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      b.run();
    } finally {
      b.cloud.close();
      Runtime.getRuntime().removeShutdownHook(stopper);
      System.out.println("(logs and data in " + work + ")");
    }
  }

  void run() throws Exception {
    long t0 = System.nanoTime();
    Path eucarc = cloud.startChain(new ComponentCloud.Ports(options.clcPort(), options.ccPort(), options.ncPort(), 2, 0),
        options.instances());
    Map<String, String> creds = EucarcFile.read(eucarc);
    URI ec2Url = URI.create(creds.get("EC2_URL"));
    Ec2QueryClient cloudAdmin = new Ec2QueryClient(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
        "eucalyptus");
    cloud.waitFor(() -> "available".equals(quietly(() -> Ec2QueryClient.element(
        cloudAdmin.call("DescribeAvailabilityZones", Map.of()), "zoneState"))), Duration.ofSeconds(60), "cluster01");
    System.out.printf("Cloud up in %.1f s (logs in %s)%n", (System.nanoTime() - t0) / 1e9, work.resolve("log"));

    Path image = Files.write(work.resolve("bench.img"), new byte[4096]);
    String emi = Ec2QueryClient.element(cloudAdmin.call("RegisterImage",
        Map.of("ImageLocation", image.toUri().toString(), "Name", "iam-bench")), "imageId");
    cloudAdmin.call("ModifyImageAttribute", Map.of("ImageId", emi, "LaunchPermission.Add.1.Group", "all"));

    // An account of its own, its admin's keys, and the user with hers.
    Ec2QueryClient cloudIam = cloudAdmin.euare();
    cloudIam.call("CreateAccount", Map.of("AccountName", "iam-bench"));
    String adminDoc = cloudIam.call("CreateAccessKey", Map.of("UserName", "admin", "DelegateAccount", "iam-bench"));
    String[] admin = {Ec2QueryClient.element(adminDoc, "AccessKeyId"), Ec2QueryClient.element(adminDoc, "SecretAccessKey")};
    Ec2QueryClient accountEc2 = new Ec2QueryClient(ec2Url, admin[0], admin[1], "eucalyptus");
    Ec2QueryClient accountIam = accountEc2.euare();
    String adminArn = Ec2QueryClient.element(accountIam.call("GetUser", Map.of()), "Arn");
    String accountNumber = adminArn.split(":")[4];
    accountIam.call("CreateUser", Map.of("UserName", "bench-user", "Path", "/bench/"));
    String userDoc = accountIam.call("CreateAccessKey", Map.of("UserName", "bench-user"));
    String[] user = {Ec2QueryClient.element(userDoc, "AccessKeyId"), Ec2QueryClient.element(userDoc, "SecretAccessKey")};
    String userId = Ec2QueryClient.element(accountIam.call("GetUser", Map.of("UserName", "bench-user")), "UserId");

    launch(accountEc2, emi);

    List<String> docs = BenchPolicies.documents(options.policies(), options.statements(), accountNumber);
    if (options.seed().equals("api")) {
      try {
        PolicySeeding.throughApi(accountIam, "bench-user", options.groups(), docs);
      } catch (Ec2QueryClient.ServiceError e) {
        throw new IllegalStateException("the IAM API refused the benchmark's groups or policies (" + e.code() + ": "
            + e.getMessage() + "); on a build without CreateGroup/PutGroupPolicy run with --seed db", e);
      }
    } else {
      PolicySeeding.intoDatabase(cloud.clcData(), accountNumber, userId, options.groups(), docs);
    }
    System.out.printf("bench-user is in %d group(s) carrying %d policies of %d statements (%d in all), put %s%n",
        options.groups(), options.policies(), options.statements(), options.policies() * options.statements(),
        options.seed().equals("api") ? "through CreateGroup/AddUserToGroup/PutGroupPolicy" : "into the database");

    DescribeLoad asAdmin = new DescribeLoad(ec2Url, admin[0], admin[1], "eucalyptus");
    DescribeLoad asUser = new DescribeLoad(ec2Url, user[0], user[1], "eucalyptus");
    int adminSees = count(asAdmin.once(), "instanceId");
    int userSees = count(asUser.once(), "instanceId");
    if (adminSees != options.instances() || userSees != options.instances()) {
      throw new IllegalStateException("DescribeInstances lists " + adminSees + " instances to the admin and "
          + userSees + " to the user, not " + options.instances() + " to each: the rates would not compare");
    }
    String enforcement = enforcement(new Ec2QueryClient(ec2Url, user[0], user[1], "eucalyptus"));

    // Warm-up of both paths (JIT, connections, the parsed-policy cache), not counted.
    asAdmin.run(options.clients(), Duration.ofSeconds(3));
    asUser.run(options.clients(), Duration.ofSeconds(3));
    List<DescribeLoad.Result> adminRuns = new ArrayList<>();
    List<DescribeLoad.Result> userRuns = new ArrayList<>();
    Duration round = Duration.ofSeconds(options.seconds());
    for (int r = 0; r < options.rounds(); r++) {
      adminRuns.add(asAdmin.run(options.clients(), round));
      userRuns.add(asUser.run(options.clients(), round));
    }
    report(adminRuns, userRuns, enforcement);
  }

  /** Starts the instances as the account's admin, in batches, and waits until all run. */
  private void launch(Ec2QueryClient accountEc2, String emi) throws Exception {
    long t0 = System.nanoTime();
    int left = options.instances();
    while (left > 0) {
      int n = Math.min(50, left);
      accountEc2.call("RunInstances", Map.of("ImageId", emi, "InstanceType", "m1.small",
          "MinCount", "" + n, "MaxCount", "" + n));
      left -= n;
    }
    cloud.waitFor(() -> Boolean.TRUE.equals(quietly(() -> {
      String doc = accountEc2.call("DescribeInstances", Map.of());
      long running = Ec2QueryClient.blocks(doc, "instanceState").stream()
          .filter(s -> "running".equals(Ec2QueryClient.element(s, "name"))).count();
      return running == options.instances();
    })), Duration.ofMinutes(5), options.instances() + " running instances");
    System.out.printf("%d instances running in %.1f s%n", options.instances(), (System.nanoTime() - t0) / 1e9);
  }

  /** Whether the user's policies are in force on this build: a call they do not allow must be refused. */
  private static String enforcement(Ec2QueryClient userEc2) throws Exception {
    try {
      userEc2.call("DeleteKeyPair", Map.of("KeyName", "iam-bench-no-such-key"));
    } catch (Ec2QueryClient.ServiceError e) {
      if (e.code().equals("UnauthorizedOperation")) {
        return "";
      }
    }
    return "NOTE: this build does not enforce EC2 policies (the user's DeleteKeyPair was not refused with"
        + " UnauthorizedOperation): the user's rate does not include the evaluator's work.";
  }

  private void report(List<DescribeLoad.Result> adminRuns, List<DescribeLoad.Result> userRuns, String enforcement) {
    System.out.printf("%nDescribeInstances with %d running instances, %d clients, %d alternating rounds of %d s:%n",
        options.instances(), options.clients(), options.rounds(), options.seconds());
    StringBuilder head = new StringBuilder(String.format("  %-34s", ""));
    for (int r = 0; r < options.rounds(); r++) {
      head.append(String.format("  round %-3d", r + 1));
    }
    System.out.println(head.append("     median"));
    double admin = row("account admin, req/s", adminRuns);
    double user = row(String.format("user (%dx%d statements), req/s", options.policies(), options.statements()),
        userRuns);
    double adminMs = median(adminRuns.stream().mapToDouble(DescribeLoad.Result::meanLatencyMs).toArray());
    double userMs = median(userRuns.stream().mapToDouble(DescribeLoad.Result::meanLatencyMs).toArray());
    double ratio = user / admin;
    System.out.printf("  user / admin: %.1f %%   target >= %.0f %%   %s%n", ratio * 100, TARGET * 100,
        ratio >= TARGET ? "MET" : "MISSED");
    System.out.printf("  per-request overhead of the user's policies: %+.3f ms mean latency (admin %.3f ms, user"
        + " %.3f ms); %+.1f us of server time a request (1/rate)%n", userMs - adminMs, adminMs, userMs,
        (1e6 / user - 1e6 / admin));
    long failed = 0;
    for (DescribeLoad.Result r : adminRuns) {
      failed += r.failed();
    }
    for (DescribeLoad.Result r : userRuns) {
      failed += r.failed();
    }
    if (failed > 0) {
      System.out.println("  failed requests: " + failed + " (admin " + failures(adminRuns) + ", user "
          + failures(userRuns) + ")");
    }
    if (!enforcement.isEmpty()) {
      System.out.println("  " + enforcement);
    }
  }

  private static double row(String name, List<DescribeLoad.Result> runs) {
    StringBuilder b = new StringBuilder(String.format("  %-34s", name));
    double[] rates = runs.stream().mapToDouble(DescribeLoad.Result::perSecond).toArray();
    for (double r : rates) {
      b.append(String.format("  %9.0f", r));
    }
    double m = median(rates);
    System.out.println(b.append(String.format("  %9.0f", m)));
    return m;
  }

  private static String failures(List<DescribeLoad.Result> runs) {
    Map<String, Long> all = new HashMap<>();
    runs.forEach(r -> r.failures().forEach((k, v) -> all.merge(k, v, Long::sum)));
    return all.toString();
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static int count(String xml, String element) {
    return Ec2QueryClient.elements(xml, element).size();
  }

  /** A check's value, or null when the call failed (the cloud is still coming up). */
  private interface Check<T> {
    T get() throws Exception;
  }

  private static <T> T quietly(Check<T> c) {
    try {
      return c.get();
    } catch (Exception e) {
      return null;
    }
  }
}
