package org.eucalyptus.sc.iscsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code tgtadm --op show} prints for targets, a target's parameters and accounts. */
final class TgtShow {
  private static final Pattern TARGET = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");

  private TgtShow() {}

  /** {@code --mode target}: each target, its bound accounts and ACL. */
  static List<TgtTarget> targets(String out) {
    List<TgtTarget> targets = new ArrayList<>();
    Integer tid = null;
    String iqn = null;
    List<String> accounts = new ArrayList<>();
    List<String> acl = new ArrayList<>();
    List<String> section = null;
    for (String line : out.split("\n")) {
      Matcher m = TARGET.matcher(line);
      if (m.matches()) {
        if (tid != null) {
          targets.add(new TgtTarget(tid, iqn, accounts, acl));
        }
        tid = Integer.parseInt(m.group(1));
        iqn = m.group(2);
        accounts = new ArrayList<>();
        acl = new ArrayList<>();
        section = null;
        continue;
      }
      String t = line.strip();
      int indent = line.length() - line.stripLeading().length();
      if (indent == 4) { // a section heading under a target
        section = t.equals("Account information:") ? accounts : t.equals("ACL information:") ? acl : null;
      } else if (indent >= 8 && section != null && !t.isEmpty()) {
        // an outgoing account is marked "(outgoing)": we make none
        section.add(t.replace(" (outgoing)", ""));
      }
    }
    if (tid != null) {
      targets.add(new TgtTarget(tid, iqn, accounts, acl));
    }
    return targets;
  }

  /** {@code --mode target --tid N}: the target's parameters, {@code name=value} a line. */
  static Map<String, String> params(String out) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        params.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return params;
  }

  /** {@code --mode account}: the account names. */
  static List<String> accounts(String out) {
    List<String> names = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("    ") && !line.isBlank()) {
        names.add(line.strip());
      }
    }
    return names;
  }
}
