package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.addresses.Address;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The caller's elastic addresses. The administrator asking with {@code verbose} sees every address
 * of every pool, with who has it (as euca-describe-addresses verbose does).
 */
public final class DescribeAddressesAction implements QueryAction {
  private final AddressStore addresses;

  public DescribeAddressesAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> ips = new java.util.ArrayList<>(req.list("PublicIp"));
    boolean verbose = ips.remove("verbose") && req.caller().admin();
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!List.of("public-ip", "instance-id", "domain", "allocation-id").contains(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    List<Address> list = verbose ? addresses.all() : addresses.allocated(req.caller().accountNumber());
    Set<String> missing = new LinkedHashSet<>(ips);
    XmlWriter x = req.response().start("addressesSet");
    for (Address a : list) {
      if (!ips.isEmpty() && !ips.contains(a.publicIp())) {
        continue;
      }
      missing.remove(a.publicIp());
      if (!Ec2Permissions.visible(req, Arns.ADDRESS, a.publicIp())) {
        continue;
      }
      boolean keep = filters.entrySet().stream().allMatch(f -> Glob.matchesAny(f.getValue(), switch (f.getKey()) {
        case "public-ip" -> a.publicIp();
        case "instance-id" -> a.instanceId() == null ? "" : a.instanceId();
        case "allocation-id" -> a.allocationId() == null ? "" : a.allocationId();
        default -> "standard";
      }));
      if (!keep) {
        continue;
      }
      x.start("item").element("publicIp", a.publicIp()).element("domain", "standard")
          .element("allocationId", a.allocationId())
          .elementOrEmpty("instanceId", verbose && a.instanceId() == null
              ? (a.free() ? "available" : "nobody (" + a.accountNumber() + ")")
              : a.instanceId());
      x.end();
    }
    if (!missing.isEmpty()) {
      throw new ApiException("InvalidAddress.NotFound",
          "Address " + String.join(", ", missing) + " not found");
    }
    return x.toString();
  }
}
