package org.eucalyptus.sc.iscsi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.exec.CommandRunner.CommandException;

/**
 * The iSCSI login parameters every target of ours offers in place of tgt's defaults. tgt offers
 * 8 KiB data PDUs both ways and InitialR2T=Yes, so a 1 MiB guest read came back as 128 Data-In PDUs
 * and every write waited for an R2T round trip after its first 64 KiB; with QEMU's initiator in a
 * guest (bench/ebs) the volume ran at 15-20 % of a local disk. Larger PDUs and unsolicited data
 * (up to FirstBurstLength, at once with the command) are standard iSCSI and negotiated down to
 * what an initiator declares (libiscsi and open-iscsi: 256 KiB), so every initiator still logs in.
 */
public final class TargetParams {
  /** In the order set: the values tgt takes ({@code tgtadm --op update --mode target --name --value}). */
  static final Map<String, String> VALUES = values();

  private TargetParams() {}

  /** Sets them on target {@code tid}: before any initiator may log in, as they are negotiated at login. */
  public static void set(TgtAdmin tgt, int tid) throws CommandException {
    for (Map.Entry<String, String> p : VALUES.entrySet()) {
      tgt.targetParam(tid, p.getKey(), p.getValue());
    }
  }

  private static Map<String, String> values() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("MaxRecvDataSegmentLength", "262144"); // the largest Data-Out PDU tgt takes
    v.put("MaxXmitDataSegmentLength", "262144"); // the largest Data-In PDU tgt sends
    v.put("FirstBurstLength", "262144");         // unsolicited data a write may carry
    v.put("MaxBurstLength", "1048576");          // one R2T's or one read sequence's data
    v.put("InitialR2T", "No");                   // a write's first burst goes without waiting for an R2T
    v.put("ImmediateData", "Yes");               // ... starting in the command's own PDU
    return Collections.unmodifiableMap(v);
  }
}
