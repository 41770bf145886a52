package org.eucalyptus.sc.iscsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The initiators' sessions on one target, read from {@code tgtadm --op show --mode target}:
 *
 * <pre>
 * Target 1: iqn.2026-12.test:vol1
 *     System information: ...
 *     I_T nexus information:
 *         I_T nexus: 10
 *             Initiator: iqn.2008-11.org.linux-kvm alias: none
 *             Connection: 0
 *                 IP Address: 127.0.0.1
 *     LUN information: ...
 * </pre>
 *
 * tgt keeps a session's I_T nexus until its last command is done, so a target listed without any
 * has no command in flight.
 */
final class TgtSessions {
  private static final Pattern TARGET = Pattern.compile("^Target (\\d+): .*");
  private static final Pattern NEXUS = Pattern.compile("^\\s+I_T nexus: (\\d+)\\s*$");
  private static final Pattern CONNECTION = Pattern.compile("^\\s+Connection: (\\d+)\\s*$");
  private static final String NEXUS_DETAIL_INDENT = "        ";

  private TgtSessions() {}

  /** One session (tgt's I_T nexus id is its "sid") and the ids of its connections. */
  record Session(long sid, List<Long> connections) {}

  /** The sessions on target {@code tid}; empty when the listing has no such target. */
  static Optional<List<Session>> of(String showOutput, int tid) {
    Map<Long, List<Long>> sessions = null;
    Long sid = null;
    for (String line : showOutput.split("\n", -1)) {
      Matcher target = TARGET.matcher(line);
      if (target.matches()) {
        if (sessions != null) {
          break; // the next target's block
        }
        if (Integer.parseInt(target.group(1)) == tid) {
          sessions = new LinkedHashMap<>();
        }
        continue;
      }
      if (sessions == null) {
        continue;
      }
      Matcher nexus = NEXUS.matcher(line);
      Matcher connection = CONNECTION.matcher(line);
      if (nexus.matches()) {
        sid = Long.parseLong(nexus.group(1));
        sessions.put(sid, new ArrayList<>());
      } else if (connection.matches() && sid != null) {
        sessions.get(sid).add(Long.parseLong(connection.group(1)));
      } else if (!line.startsWith(NEXUS_DETAIL_INDENT) && !line.isBlank()) {
        sid = null; // past the I_T nexus section
      }
    }
    if (sessions == null) {
      return Optional.empty();
    }
    List<Session> found = new ArrayList<>();
    sessions.forEach((id, cids) -> found.add(new Session(id, List.copyOf(cids))));
    return Optional.of(List.copyOf(found));
  }
}
