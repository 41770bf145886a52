package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.hypervisor.IscsiTarget;
import org.eucalyptus.nc.hypervisor.NetworkDisk;
import org.eucalyptus.nc.iscsi.VolumeInitiator;

/**
 * EBS volumes on this node's instances: attached to a running guest as a virtio disk, detached,
 * recorded in the instance's checkpoint at every step (so a restarted node re-attaches what a guest
 * should have), and reported with the instance. Calls on one instance are serialised. The node's
 * {@link VolumeInitiator} (NC_ISCSI_MODE) reaches the target first and lets go of it last.
 */
public final class InstanceVolumes {
  private static final Logger LOG = LogManager.getLogger(InstanceVolumes.class);
  /** A forced detach gives the guest this long (at most) before it drops the volume anyway. */
  static final Duration FORCE_WAIT = Duration.ofSeconds(5);
  private static final Pattern DEVICE = Pattern.compile("^(?:/dev/)?(?:sd|xvd|vd|hd)([a-z]{1,2})$");

  /** Opens a CHAP password the storage controller sealed for this node's certificate. */
  @FunctionalInterface
  public interface Passwords {
    String open(String sealed) throws java.security.GeneralSecurityException;
  }

  /** A request refused, with the fault code the cluster controller sees. */
  public static final class VolumeException extends Exception {
    private final String code;

    public VolumeException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final InstanceTable table;
  private final Hypervisor hypervisor;
  private final Passwords passwords;
  private final VolumeInitiator initiator;
  private final Duration detachWait;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** @param detachWait how long a detach waits for the guest to let the device go */
  public InstanceVolumes(InstanceTable table, Hypervisor hypervisor, Passwords passwords, VolumeInitiator initiator,
      Duration detachWait) {
    this.table = table;
    this.hypervisor = hypervisor;
    this.passwords = passwords;
    this.initiator = initiator;
    this.detachWait = detachWait;
  }

  /**
   * Attaches a volume to a running instance and answers once the guest has it; attaching a volume the
   * instance already has changes nothing. A failed attachment stays reported as "attaching failed".
   */
  public VolumeAttachment attach(String instanceId, String volumeId, String remoteDev, String localDev,
      String chapUser, String sealedPassword) throws VolumeException, HypervisorException, IOException {
    if (volumeId == null || volumeId.isBlank()) {
      throw invalid("no volume given");
    }
    synchronized (lock(instanceId)) {
      NcInstance inst = running(instanceId, "attached to");
      VolumeAttachment had = inst.volume(volumeId).orElse(null);
      if (had != null && had.held()) {
        return had; // attached already (or on its way): the same answer again
      }
      IscsiTarget target;
      try {
        target = IscsiTarget.parse(remoteDev);
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
      for (VolumeAttachment v : inst.volumes()) {
        if (v.held() && v.localDev().equals(localDev)) {
          throw invalid("device " + localDev + " of instance " + instanceId + " is in use by " + v.volumeId());
        }
      }
      String password = open(chapUser, sealedPassword);
      String targetDev = targetFor(localDev, inUse(inst));
      VolumeAttachment rec = new VolumeAttachment(volumeId, remoteDev, localDev, targetDev,
          blankToNull(chapUser), sealedPassword, VolumeAttachment.State.ATTACHING, null);
      record(instanceId, rec);
      NetworkDisk wanted = new NetworkDisk(volumeId, target, targetDev, rec.chapUser(), password, null);
      try {
        NetworkDisk connected = initiator.connect(wanted);
        try {
          hypervisor.attachVolume(instanceId, connected);
        } catch (HypervisorException e) {
          release(wanted);
          throw e;
        }
      } catch (HypervisorException e) {
        record(instanceId, rec.in(VolumeAttachment.State.ATTACH_FAILED, e.getMessage()));
        throw e;
      }
      VolumeAttachment done = rec.in(VolumeAttachment.State.ATTACHED, null);
      record(instanceId, done);
      LOG.info("volume {} attached to {} as {} ({})", volumeId, instanceId, targetDev, localDev);
      return done;
    }
  }

  /**
   * Detaches a volume: the guest is asked to let go of the device and given {@code detachWait};
   * forced, it is dropped whatever the guest does. A volume the instance does not have is detached.
   * The volume's record as it now is (detaching when an unforced guest has not let go yet).
   */
  public VolumeAttachment detach(String instanceId, String volumeId, boolean force)
      throws VolumeException, HypervisorException, IOException {
    synchronized (lock(instanceId)) {
      NcInstance inst = table.find(instanceId).orElseThrow(() ->
          new VolumeException("InstanceNotFound", "no instance " + instanceId + " on this node"));
      VolumeAttachment had = inst.volume(volumeId).orElse(null);
      if (had == null || inst.phase() == NcInstance.Phase.TEARDOWN) {
        return new VolumeAttachment(volumeId, null, null, null, null, null, VolumeAttachment.State.DETACHED, null);
      }
      VolumeAttachment detaching = had.in(VolumeAttachment.State.DETACHING, null);
      record(instanceId, detaching);
      boolean gone;
      try {
        gone = had.state() == VolumeAttachment.State.ATTACH_FAILED
            || hypervisor.detachVolume(instanceId, initiator.asAttached(disk(had, null)), force,
                force ? FORCE_WAIT.compareTo(detachWait) < 0 ? FORCE_WAIT : detachWait : detachWait);
      } catch (HypervisorException e) {
        record(instanceId, had.in(had.state(), e.getMessage()));
        throw e;
      }
      if (!gone && !force) {
        VolumeAttachment waiting = detaching.in(VolumeAttachment.State.DETACHING,
            "the guest has not let go of " + had.targetDev() + " yet; detach again, or force it");
        record(instanceId, waiting);
        return waiting;
      }
      release(disk(had, null)); // the domain no longer has it
      VolumeAttachment done = had.in(VolumeAttachment.State.DETACHED, gone ? null
          : "forced: the guest had not let go of the device; the node no longer serves it to the guest's domain");
      record(instanceId, done);
      LOG.info("volume {} detached from {}{}", volumeId, instanceId, gone ? "" : " (forced)");
      return done;
    }
  }

  /**
   * After a restart: the volumes a running guest should have and its domain lacks are attached again
   * (a detach that was under way is finished). Failures are recorded, not thrown.
   */
  public void readopt(NcInstance inst) {
    if (inst.volumes().isEmpty() || inst.state() != NcInstance.State.RUNNING) {
      return;
    }
    synchronized (lock(inst.id())) {
      try {
        Set<String> present = hypervisor.diskTargets(inst.id());
        for (VolumeAttachment v : inst.volumes()) {
          if (!v.held()) {
            continue;
          }
          if (present.contains(v.targetDev())) {
            reconnect(inst.id(), v); // the domain has it: the node's session must be there too
            continue;
          }
          if (v.state() == VolumeAttachment.State.DETACHING) {
            release(disk(v, null));
            record(inst.id(), v.in(VolumeAttachment.State.DETACHED, null));
            continue;
          }
          try {
            hypervisor.attachVolume(inst.id(), initiator.connect(disk(v, open(v.chapUser(), v.chapPassword()))));
            record(inst.id(), v.in(VolumeAttachment.State.ATTACHED, null));
            LOG.info("volume {} attached again to {} after the restart", v.volumeId(), inst.id());
          } catch (HypervisorException | VolumeException e) {
            LOG.warn("volume {} could not be attached again to {}: {}", v.volumeId(), inst.id(), e.getMessage());
            record(inst.id(), v.in(VolumeAttachment.State.ATTACH_FAILED, e.getMessage()));
          }
        }
      } catch (HypervisorException | IOException e) {
        LOG.warn("the volumes of {} could not be checked: {}", inst.id(), e.getMessage());
      }
    }
  }

  /** A volume the domain still has after a restart: connected again where the node's session is gone. */
  private void reconnect(String instanceId, VolumeAttachment v) {
    try {
      initiator.connect(disk(v, open(v.chapUser(), v.chapPassword())));
    } catch (HypervisorException | VolumeException e) {
      LOG.warn("volume {} of {} could not be connected again: {}", v.volumeId(), instanceId, e.getMessage());
    }
  }

  /** Ends the node's connection to a volume no domain has any more; a failure is logged (the next try is the detach). */
  private void release(NetworkDisk disk) {
    try {
      initiator.disconnect(disk);
    } catch (HypervisorException e) {
      LOG.warn("volume {}: {}", disk.volumeId(), e.getMessage());
    }
  }

  /** Forgets an ended instance's lock (its volumes went with its domain and checkpoint). */
  public void forget(String instanceId) {
    locks.remove(instanceId);
  }

  private Object lock(String instanceId) {
    return locks.computeIfAbsent(instanceId, k -> new Object());
  }

  private NcInstance running(String instanceId, String what) throws VolumeException {
    NcInstance inst = table.find(instanceId).orElseThrow(() ->
        new VolumeException("InstanceNotFound", "no instance " + instanceId + " on this node"));
    if (inst.state() != NcInstance.State.RUNNING) {
      throw new VolumeException("IncorrectState", "instance " + instanceId + " is " + inst.phase().wireName()
          + "; a volume can be " + what + " a running instance only");
    }
    return inst;
  }

  private void record(String instanceId, VolumeAttachment v) throws IOException {
    NcInstance now = table.putVolume(instanceId, v).orElse(null);
    if (now != null) {
      InstanceCheckpoint.writeVolumes(now.workDir(), now.volumes());
    }
  }

  private String open(String chapUser, String sealed) throws VolumeException {
    if (blankToNull(chapUser) == null) {
      return null;
    }
    if (sealed == null || sealed.isBlank()) {
      throw invalid("a CHAP user without a password");
    }
    try {
      return passwords.open(sealed);
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw invalid("the CHAP password cannot be opened with this node's key (was it sealed for this node's"
          + " certificate?): " + e.getMessage());
    }
  }

  private Set<String> inUse(NcInstance inst) throws HypervisorException {
    Set<String> used = new HashSet<>(hypervisor.diskTargets(inst.id()));
    used.add("vda"); // the root, whatever the hypervisor says
    inst.volumes().stream().filter(VolumeAttachment::held).forEach(v -> used.add(v.targetDev()));
    return used;
  }

  /**
   * The guest's virtio name for the device the user asked for: /dev/sdf, /dev/xvdf and /dev/vdf all
   * become vdf when it is free, else the first free vdX (the instance's own disks are vda to vdc).
   */
  static String targetFor(String localDev, Set<String> used) throws VolumeException {
    Matcher m = localDev == null ? null : DEVICE.matcher(localDev.trim());
    if (m == null || !m.matches()) {
      throw invalid("device " + localDev + " is not a disk device name such as /dev/sdf or /dev/vdb");
    }
    String wanted = "vd" + m.group(1);
    if (!used.contains(wanted) && !wanted.equals("vda")) {
      return wanted;
    }
    for (char c = 'b'; c <= 'z'; c++) {
      String t = "vd" + c;
      if (!used.contains(t)) {
        return t;
      }
    }
    throw new VolumeException("VolumeLimitExceeded", "the instance has no free disk device left");
  }

  /** Whether a boot record's device (sda, /dev/xvda, vda; empty for none) names the guest's root disk. */
  static boolean isRootDevice(String device) {
    if (device == null || device.isBlank()) {
      return true;
    }
    Matcher m = DEVICE.matcher(device.trim());
    return m.matches() && m.group(1).equals("a");
  }

  static NetworkDisk disk(VolumeAttachment v, String password) {
    return new NetworkDisk(v.volumeId(), IscsiTarget.parse(v.remoteDev()), v.targetDev(), v.chapUser(), password,
        null);
  }

  private static VolumeException invalid(String message) {
    return new VolumeException("InvalidParameterValue", message);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
