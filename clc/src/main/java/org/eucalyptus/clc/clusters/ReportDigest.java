package org.eucalyptus.clc.clusters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * What a cluster last reported of each of its instances, as a 64-bit fingerprint of everything the
 * sync reads of it (state, launch, reason, node, addresses, volumes): a new report is compared with
 * it, so a round of the sync touches the database only for the instances whose report changed and
 * those no longer reported. A fingerprint that hides a change (2^-64) is mended by the sync's
 * periodic complete round, which compares the whole report with the database.
 */
final class ReportDigest {
  private Map<String, Long> seen = new HashMap<>();

  /**
   * The reported instances that are new or changed, the ids no longer reported, and what to keep
   * once applied: the whole next digest ({@code next}, after a whole report), or only what changed in
   * it ({@code updates}, after a report of changes; {@code next} is then null).
   */
  record Changes(List<CcInstanceType> changed, List<String> gone, Map<String, Long> next, Map<String, Long> updates) {
    Changes(List<CcInstanceType> changed, List<String> gone, Map<String, Long> next) {
      this(changed, gone, next, Map.of());
    }

    boolean none() {
      return changed.isEmpty() && gone.isEmpty();
    }
  }

  Changes compare(List<CcInstanceType> report) {
    Map<String, Long> next = new HashMap<>(Math.max(16, report.size() * 4 / 3 + 1));
    List<CcInstanceType> changed = new ArrayList<>();
    for (CcInstanceType r : report) {
      String id = r.getInstanceId().toLowerCase(Locale.ROOT);
      long fp = fingerprint(r);
      next.put(id, fp);
      Long was = seen.get(id);
      if (was == null || was != fp) {
        changed.add(r);
      }
    }
    List<String> gone = new ArrayList<>();
    for (String id : seen.keySet()) {
      if (!next.containsKey(id)) {
        gone.add(id);
      }
    }
    return new Changes(changed, gone, next);
  }

  /**
   * A report of changes only (the cluster's instances changed since the previous report, and the ids
   * it forgot): those whose fingerprint differs from what was seen, and the forgotten ids seen.
   */
  Changes compareChanges(List<CcInstanceType> reported, List<String> forgotten) {
    List<CcInstanceType> changed = new ArrayList<>();
    Map<String, Long> updates = new HashMap<>();
    for (CcInstanceType r : reported) {
      String id = r.getInstanceId().toLowerCase(Locale.ROOT);
      long fp = fingerprint(r);
      Long was = seen.get(id);
      if (was == null || was != fp) {
        changed.add(r);
        updates.put(id, fp);
      }
    }
    List<String> gone = new ArrayList<>();
    for (String f : forgotten) {
      String id = f.toLowerCase(Locale.ROOT);
      if (seen.containsKey(id) && !updates.containsKey(id)) {
        gone.add(id);
      }
    }
    return new Changes(changed, gone, null, updates);
  }

  /** The report these changes came from was applied: the next is compared with it. */
  void accept(Changes changes) {
    if (changes.next() != null) {
      seen = changes.next();
      return;
    }
    seen.putAll(changes.updates());
    changes.gone().forEach(seen::remove);
  }

  int size() {
    return seen.size();
  }

  private static long fingerprint(CcInstanceType r) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, r.getStateName());
    h = mix(h, r.getUuid());
    h = mix(h, r.getStateReason());
    h = mix(h, r.getServiceTag());
    NetConfigType net = r.getNetParams();
    if (net != null) {
      h = mix(h, net.getPrivateIp());
      h = mix(h, net.getPublicIp());
      h = mix(h, net.getPrivateMacAddress());
    }
    for (VolumeType v : r.getVolumes()) {
      h = mix(h, v.getVolumeId());
      h = mix(h, v.getState());
    }
    return h;
  }

  /** FNV-1a over the characters, with a separator so that ("ab", "c") and ("a", "bc") differ. */
  private static long mix(long h, String s) {
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        h = (h ^ s.charAt(i)) * 0x100000001b3L;
      }
    }
    return (h ^ 0x1f) * 0x100000001b3L;
  }
}
