package org.eucalyptus.sc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.config.HostChecks;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * What a storage controller's host must have before it starts: tgt (tgtadm, and tgtd when the SC
 * runs its own), a volumes directory it can write, and for the lvm backend lvm2 and the volume
 * group. Each problem is one sentence saying what to do.
 */
public final class ScPreflight {
  private ScPreflight() {}

  public static List<String> problems(EucaConf conf) {
    List<String> out = new ArrayList<>();
    ScSettings settings;
    try {
      settings = ScSettings.from(conf);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
      return out;
    }
    out.addAll(HostChecks.collect(HostChecks.program("tgtadm", "tgt"),
        settings.iscsi().startTgtd() ? HostChecks.program("tgtd", "tgt") : null,
        HostChecks.writableDir("SC_VOLUMES_DIR", settings.volumesDir())));
    if (settings.backend().lvm()) {
      String vgs = HostChecks.program("vgs", "lvm2");
      if (vgs != null) {
        out.add(vgs);
      } else {
        String vg = settings.backend().volumeGroup();
        try {
          CommandRunner.Result r = new CommandRunner(Duration.ofSeconds(20))
              .runAllowingFailure(List.of("vgs", "--noheadings", "-o", "vg_name", vg), null);
          if (r.exitStatus() != 0) {
            out.add("SC_VOLUME_GROUP " + vg + " is not an LVM volume group here (vgcreate " + vg + " <device>)");
          }
        } catch (CommandRunner.CommandException e) {
          out.add("cannot run vgs: " + e.getMessage());
        }
      }
    }
    return out;
  }
}
