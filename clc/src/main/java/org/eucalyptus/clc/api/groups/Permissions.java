package org.eucalyptus.clc.api.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.Permission;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;

/**
 * Reads the rules of an Authorize/Revoke request, in both forms clients send: the structured
 * {@code IpPermissions.N.*} and the older flat {@code IpProtocol}/{@code FromPort}/{@code CidrIp}/
 * {@code SourceSecurityGroupName} form of euca2ools 2.x and boto.
 */
final class Permissions {
  private Permissions() {}

  static List<Permission> parse(QueryRequest req, SecurityGroupStore groups) throws ApiException {
    TreeSet<Integer> indexes = new TreeSet<>();
    for (String k : req.params().keySet()) {
      if (k.startsWith("IpPermissions.")) {
        String idx = k.substring("IpPermissions.".length()).split("\\.", 2)[0];
        if (idx.matches("\\d{1,4}")) {
          indexes.add(Integer.parseInt(idx));
        }
      }
    }
    List<Permission> out = new ArrayList<>();
    if (indexes.isEmpty()) {
      flat(req, groups, out);
    }
    for (int n : indexes) {
      String p = "IpPermissions." + n + ".";
      String protocol = protocol(req.param(p + "IpProtocol"), p + "IpProtocol");
      int[] ports = ports(req, protocol, p + "FromPort", p + "ToPort");
      List<String> cidrs = listOf(req, p + "IpRanges", "CidrIp");
      TreeSet<Integer> gIdx = new TreeSet<>();
      for (String k : req.params().keySet()) {
        if (k.startsWith(p + "Groups.")) {
          String i = k.substring((p + "Groups.").length()).split("\\.", 2)[0];
          if (i.matches("\\d{1,4}")) {
            gIdx.add(Integer.parseInt(i));
          }
        }
      }
      for (String cidr : cidrs) {
        if (!gIdx.isEmpty() && isWorld(cidr)) {
          // euca2ools 3 (euca-authorize -o GROUP) adds its default 0.0.0.0/0 to every grant, a
          // source group's too; Eucalyptus took such a rule as the group's alone, and so do we.
          continue;
        }
        out.add(new Permission(protocol, ports[0], ports[1], cidr(cidr), null));
      }
      for (int g : gIdx) {
        String gp = p + "Groups." + g + ".";
        SecurityGroup src = source(req, groups, req.param(gp + "GroupId"), req.param(gp + "GroupName"),
            req.param(gp + "UserId"));
        out.add(new Permission(protocol, ports[0], ports[1], null, src.groupId()));
      }
      if (cidrs.isEmpty() && gIdx.isEmpty()) {
        throw new ApiException("MissingParameter", "Rule " + n + " needs IpRanges or Groups (where traffic may come from)");
      }
    }
    if (out.isEmpty()) {
      throw new ApiException("MissingParameter", "The request must contain IpPermissions");
    }
    return out;
  }

  private static void flat(QueryRequest req, SecurityGroupStore groups, List<Permission> out) throws ApiException {
    String srcName = req.param("SourceSecurityGroupName");
    String srcOwner = req.param("SourceSecurityGroupOwnerId");
    String protoParam = req.param("IpProtocol");
    if (protoParam == null && srcName == null) {
      return;
    }
    String protocol = protoParam == null ? "-1" : protocol(protoParam, "IpProtocol");
    int[] ports = protoParam == null ? new int[] {-1, -1} : ports(req, protocol, "FromPort", "ToPort");
    String cidr = req.param("CidrIp");
    if (srcName != null) {
      SecurityGroup src = source(req, groups, null, srcName, srcOwner);
      if (protoParam == null) {
        // A group-to-group grant without a protocol opens everything, in tcp, udp and icmp terms as 3.1 did.
        out.add(new Permission("tcp", 0, 65535, null, src.groupId()));
        out.add(new Permission("udp", 0, 65535, null, src.groupId()));
        out.add(new Permission("icmp", -1, -1, null, src.groupId()));
      } else {
        out.add(new Permission(protocol, ports[0], ports[1], null, src.groupId()));
      }
    } else {
      out.add(new Permission(protocol, ports[0], ports[1], cidr(cidr == null ? "0.0.0.0/0" : cidr), null));
    }
  }

  private static boolean isWorld(String cidr) {
    return cidr.strip().equals("0.0.0.0/0");
  }

  private static List<String> listOf(QueryRequest req, String prefix, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      String v = req.param(prefix + "." + i + "." + field);
      if (v == null) {
        if (i > 1) {
          break;
        }
        continue;
      }
      out.add(v);
    }
    return out;
  }

  private static SecurityGroup source(QueryRequest req, SecurityGroupStore groups, String id, String name, String owner)
      throws ApiException {
    if (id != null) {
      // A source group may belong to another account; by id it is unambiguous.
      return groups.findById(id).orElseThrow(() ->
          new ApiException("InvalidGroup.NotFound", "The security group '" + id + "' does not exist"));
    }
    if (name == null) {
      throw new ApiException("MissingParameter", "A source group needs GroupId or GroupName");
    }
    String account = owner == null || owner.isEmpty() ? req.caller().accountNumber() : owner;
    if (!account.matches("\\d{12}")) {
      throw ApiException.invalid("UserId", account, "It must be a 12-digit account number.");
    }
    if (account.equals(req.caller().accountNumber())) {
      return GroupRefs.byName(groups, account, name);
    }
    return groups.findByName(account, name).orElseThrow(() ->
        new ApiException("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in account "
            + account));
  }

  static String protocol(String p, String param) throws ApiException {
    if (p == null) {
      throw ApiException.missing(param);
    }
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "tcp", "6" -> "tcp";
      case "udp", "17" -> "udp";
      case "icmp", "1" -> "icmp";
      case "-1", "all" -> "-1";
      default -> throw ApiException.invalid(param, p, "The protocol must be tcp, udp, icmp or -1.");
    };
  }

  private static int[] ports(QueryRequest req, String protocol, String fromParam, String toParam) throws ApiException {
    if (protocol.equals("-1")) {
      return new int[] {-1, -1};
    }
    boolean icmp = protocol.equals("icmp");
    String fromText = req.param(fromParam);
    String toText = req.param(toParam);
    if (fromText == null && icmp) {
      fromText = "-1";
    }
    if (toText == null && icmp) {
      toText = "-1";
    }
    if (fromText == null) {
      throw ApiException.missing(fromParam);
    }
    if (toText == null) {
      throw ApiException.missing(toParam);
    }
    int from = req.intParam(fromParam, -1);
    int to = req.intParam(toParam, -1);
    from = fromText.equals("-1") ? -1 : from;
    to = toText.equals("-1") ? -1 : to;
    if (icmp) {
      if (from < -1 || from > 255 || to < -1 || to > 255) {
        throw ApiException.invalid(fromParam, fromText, "ICMP type and code are -1 (any) or 0 to 255.");
      }
    } else if (from < 0 || to > 65535 || from > to) {
      throw ApiException.invalid(fromParam, fromText + "-" + toText, "Ports are 0 to 65535, from no greater than to.");
    }
    return new int[] {from, to};
  }

  /** Checks a CIDR block and writes it in its canonical form (the network address). */
  static String cidr(String cidr) throws ApiException {
    String[] parts = cidr.split("/");
    if (parts.length != 2 || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32
        || !parts[0].matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      throw ApiException.invalid("CidrIp", cidr, "It must look like 10.0.0.0/24.");
    }
    long addr = 0;
    for (String o : parts[0].split("\\.")) {
      int v = Integer.parseInt(o);
      if (v > 255) {
        throw ApiException.invalid("CidrIp", cidr, "It must look like 10.0.0.0/24.");
      }
      addr = (addr << 8) | v;
    }
    int bits = Integer.parseInt(parts[1]);
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    long net = addr & mask;
    return ((net >> 24) & 255) + "." + ((net >> 16) & 255) + "." + ((net >> 8) & 255) + "." + (net & 255) + "/" + bits;
  }
}
