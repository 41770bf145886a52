package org.eucalyptus.clc.api.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.common.policy.Limits;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * DescribeAccountAttributes, which the AWS CLI and SDK-based tools ask before launching: this
 * cloud is EC2-Classic only (no VPC, so no default VPC), and its limits are what it can hold or,
 * lower, what the caller's quotas (its own, its groups' and its account's) allow.
 */
public final class DescribeAccountAttributesAction implements QueryAction {
  private final Supplier<Integer> maxInstances;
  private final Supplier<Integer> maxElasticIps;

  /**
   * @param maxInstances how many instances the clouds' clusters can hold
   * @param maxElasticIps how many public addresses the pools have
   */
  public DescribeAccountAttributesAction(Supplier<Integer> maxInstances, Supplier<Integer> maxElasticIps) {
    this.maxInstances = maxInstances;
    this.maxElasticIps = maxElasticIps;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Map<String, Supplier<List<String>>> all = new LinkedHashMap<>();
    all.put("supported-platforms", () -> List.of("EC2"));
    all.put("default-vpc", () -> List.of("none"));
    all.put("max-instances", () -> List.of(String.valueOf(lowest(maxInstances.get(),
        req.authorization().limits("ec2:RunInstances", Quotas.VM_INSTANCE_NUMBER)))));
    all.put("max-elastic-ips", () -> List.of(String.valueOf(lowest(maxElasticIps.get(),
        req.authorization().limits("ec2:AllocateAddress", Quotas.ADDRESS_NUMBER)))));
    all.put("vpc-max-elastic-ips", () -> List.of("0"));
    all.put("vpc-max-security-groups-per-interface", () -> List.of("0"));
    // This cloud's own: the quotas on what else an account holds, listed only where one applies (the
    // console's dashboard shows counts against them); asked for by name where none does, no item, no error.
    quota(all, req, "euca-max-volumes", "ec2:CreateVolume", Quotas.VOLUME_NUMBER);
    quota(all, req, "euca-max-volume-gib", "ec2:CreateVolume", Quotas.VOLUME_TOTAL_SIZE);
    quota(all, req, "euca-max-snapshots", "ec2:CreateSnapshot", Quotas.SNAPSHOT_NUMBER);
    quota(all, req, "euca-max-images", "ec2:RegisterImage", Quotas.IMAGE_NUMBER);
    quota(all, req, "euca-max-buckets", "s3:CreateBucket", Quotas.BUCKET_NUMBER);
    List<String> wanted = req.list("AttributeName");
    for (String name : wanted) {
      if (!all.containsKey(name)) {
        throw ApiException.invalid("AttributeName", name, "It must be one of " + String.join(", ", all.keySet()) + ".");
      }
    }
    XmlWriter x = req.response().start("accountAttributeSet");
    for (Map.Entry<String, Supplier<List<String>>> a : all.entrySet()) {
      if (!wanted.isEmpty() && !wanted.contains(a.getKey())) {
        continue;
      }
      List<String> values = a.getValue().get();
      if (values.isEmpty()) { // one of this cloud's quotas that does not apply: named or not, no item
        continue;
      }
      x.start("item").element("attributeName", a.getKey()).start("attributeValueSet");
      for (String v : values) {
        x.start("item").element("attributeValue", v).end();
      }
      x.end().end();
    }
    return x.end().toString();
  }

  private static void quota(Map<String, Supplier<List<String>>> all, QueryRequest req, String name, String action,
      String key) {
    all.put(name, () -> {
      Limits limits = req.authorization().limits(action, key);
      return limits.user().isPresent() || limits.account().isPresent()
          ? List.of(String.valueOf(lowest(Long.MAX_VALUE, limits))) : List.of();
    });
  }

  /** The least of what the cloud can hold and the quotas that apply. */
  private static long lowest(long capacity, Limits limits) {
    long n = capacity;
    if (limits.user().isPresent()) {
      n = Math.min(n, limits.user().getAsLong());
    }
    if (limits.account().isPresent()) {
      n = Math.min(n, limits.account().getAsLong());
    }
    return n;
  }
}
