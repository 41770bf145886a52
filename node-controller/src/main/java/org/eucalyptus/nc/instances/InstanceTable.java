package org.eucalyptus.nc.instances;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eucalyptus.common.util.Versioned;

/**
 * The node's instances and the resources they hold. Every change bumps a version, so that a
 * describe long poll from the cluster controller returns the moment something happens that it has
 * not heard of: not an admission (the launch's answer told it) nor a step a describe cannot show.
 */
public final class InstanceTable {
  /** Free and total resources: cores, memory (MB), disk (GB). */
  public record Resources(int coresMax, int coresFree, int memoryMax, int memoryFree, int diskMax, int diskFree) {}

  /** Why an instance could not be admitted. */
  public static final class AdmissionException extends Exception {
    private final String code;

    AdmissionException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The refusal of an id the node already has. */
  public static final String ALREADY_EXISTS = "InstanceAlreadyExists";
  /** The refusal of a new launch of an id whose earlier launch still runs here. */
  public static final String ID_IN_USE = "IncorrectState";

  /** A launch's uuid; a launch that gave none is known by its instance id (as the cluster names it then). */
  private static String launchKey(LaunchOrder r) {
    return r.uuid() == null || r.uuid().isEmpty() ? r.instanceId() : r.uuid();
  }

  private final Map<String, NcInstance> instances = new LinkedHashMap<>();
  /**
   * Counting from the time this table was made, in microseconds: a node controller started again
   * gives out only versions above any its earlier run did (that run made fewer changes than it lived
   * microseconds), so a version a caller holds names one state of one run.
   */
  private final Versioned version;
  private final Clock clock;
  private final int coresMax;
  private final int memoryMax;
  private final int diskMax;

  public InstanceTable(Clock clock, int coresMax, int memoryMax, int diskMax) {
    this.clock = clock;
    Instant now = clock.instant();
    this.version = new Versioned(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
    this.coresMax = coresMax;
    this.memoryMax = memoryMax;
    this.diskMax = diskMax;
  }

  /**
   * Admits a new instance if the node has room for it; it starts {@code STAGING} (Pending). A launch
   * is known by its instance id and uuid: the same launch again is {@link #ALREADY_EXISTS} (its
   * sender could not know the first arrived; it is answered, not started twice), even once torn down;
   * a new launch (another uuid) of an id whose last launch was torn down, as StartInstances of a
   * stopped instance sends, is admitted; one of an id still live here is {@link #ID_IN_USE}.
   */
  public synchronized NcInstance admit(LaunchOrder request, Path workDir) throws AdmissionException {
    NcInstance existing = instances.get(request.instanceId());
    if (existing != null && launchKey(existing.request()).equals(launchKey(request))) {
      throw new AdmissionException(ALREADY_EXISTS, "instance " + request.instanceId() + " already exists");
    }
    if (existing != null && existing.phase() != NcInstance.Phase.TEARDOWN) {
      throw new AdmissionException(ID_IN_USE, "instance " + request.instanceId() + " is still running here as launch "
          + launchKey(existing.request()) + "; it must end before launch " + launchKey(request) + " can start");
    }
    Resources r = resources();
    LaunchOrder.Machine t = request.machine();
    if (t.cores() > r.coresFree() || t.memoryMb() > r.memoryFree() || t.diskGb() > r.diskFree()) {
      throw new AdmissionException("InsufficientResources", String.format(
          "not enough room for %s (%d cores, %d MB, %d GB); free: %d cores, %d MB, %d GB", t.name(),
          t.cores(), t.memoryMb(), t.diskGb(), r.coresFree(), r.memoryFree(), r.diskFree()));
    }
    NcInstance inst = NcInstance.admitted(request, clock.instant(), workDir);
    instances.remove(request.instanceId());
    instances.put(request.instanceId(), inst);
    // The launch's caller learns the instance from its answer: a long poll waits for its next change.
    version.bumpQuietly();
    return inst;
  }

  /**
   * Takes back an instance found running after a restart: recorded as it was admitted, now
   * {@code RUNNING}; it counts against the node's resources as before.
   */
  public synchronized NcInstance adopt(LaunchOrder request, Path workDir, Instant launchTime, List<Path> images,
      boolean running, String reasonIfNot) {
    return adopt(request, workDir, launchTime, images, List.of(), running, reasonIfNot);
  }

  /** {@link #adopt(LaunchOrder, Path, Instant, List, boolean, String)} with the volumes its checkpoint recorded. */
  public synchronized NcInstance adopt(LaunchOrder request, Path workDir, Instant launchTime, List<Path> images,
      List<VolumeAttachment> volumes, boolean running, String reasonIfNot) {
    NcInstance inst = NcInstance.admitted(request, launchTime, workDir).withImages(images).withVolumes(volumes).movedTo(
        running ? NcInstance.State.RUNNING : NcInstance.State.STOPPED, running ? null : reasonIfNot, clock.instant());
    instances.put(request.instanceId(), inst);
    version.bump();
    return inst;
  }

  /** Records a live instance's public address; false if there is no such live instance. */
  public synchronized boolean assignAddress(String id, String publicIp) {
    NcInstance inst = instances.get(id);
    if (inst == null || inst.phase() == NcInstance.Phase.TEARDOWN) {
      return false;
    }
    instances.put(id, inst.withPublicIp(publicIp));
    version.bump();
    return true;
  }

  /**
   * Records a volume's attachment (replacing the record of the same volume) on a live instance;
   * the instance as it now is, or empty if there is no such live instance.
   */
  public synchronized Optional<NcInstance> putVolume(String id, VolumeAttachment volume) {
    NcInstance inst = instances.get(id);
    if (inst == null || inst.phase() == NcInstance.Phase.TEARDOWN) {
      return Optional.empty();
    }
    List<VolumeAttachment> now = new ArrayList<>(inst.volumes());
    now.removeIf(v -> v.volumeId().equals(volume.volumeId()));
    if (volume.state() != VolumeAttachment.State.DETACHED) {
      now.add(volume); // a detached volume is no longer the instance's
    }
    NcInstance changed = inst.withVolumes(now);
    instances.put(id, changed);
    version.bump();
    return Optional.of(changed);
  }

  /** Records the cached images an instance's disks are built on. */
  public synchronized void useImages(String id, List<Path> images) {
    NcInstance inst = instances.get(id);
    if (inst != null) {
      instances.put(id, inst.withImages(images));
    }
  }

  /** The cached images live instances are built on. */
  public synchronized java.util.Set<Path> imagesInUse() {
    java.util.Set<Path> out = new java.util.HashSet<>();
    live(instances.values()).forEach(i -> out.addAll(i.images()));
    return out;
  }

  public synchronized Optional<NcInstance> find(String id) {
    return Optional.ofNullable(instances.get(id));
  }

  /**
   * Moves an instance on, unless it is already torn down (a terminate wins over a late launch).
   *
   * @return whether the instance changed
   */
  public synchronized boolean advance(String id, NcInstance.State next, String reason) {
    NcInstance inst = instances.get(id);
    if (inst == null || inst.phase() == NcInstance.Phase.TEARDOWN || inst.state() == next) {
      return false;
    }
    NcInstance moved = inst.movedTo(next, reason, clock.instant());
    instances.put(id, moved);
    if (moved.phase() == inst.phase() && java.util.Objects.equals(moved.reason(), inst.reason())) {
      version.bumpQuietly(); // a step within a phase (staging to booting): a describe answers the same
    } else {
      version.bump();
    }
    return true;
  }

  public synchronized List<NcInstance> snapshot(Predicate<NcInstance> filter) {
    List<NcInstance> out = new ArrayList<>();
    for (NcInstance i : instances.values()) {
      if (filter.test(i)) {
        out.add(i);
      }
    }
    return out;
  }

  public synchronized List<NcInstance> all() {
    return new ArrayList<>(instances.values());
  }

  /** Forgets instances torn down longer ago than {@code retention}. */
  public synchronized void purge(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    boolean removed = instances.values().removeIf(
        i -> i.phase() == NcInstance.Phase.TEARDOWN && i.teardownAt().isBefore(cutoff));
    if (removed) {
      version.bump();
    }
  }

  public synchronized Resources resources() {
    int cores = 0;
    int mem = 0;
    int disk = 0;
    for (NcInstance i : live(instances.values())) {
      cores += i.cores();
      mem += i.memoryMb();
      disk += i.diskGb();
    }
    return new Resources(coresMax, coresMax - cores, memoryMax, memoryMax - mem, diskMax, diskMax - disk);
  }

  private static List<NcInstance> live(Collection<NcInstance> all) {
    return all.stream().filter(i -> i.phase() != NcInstance.Phase.TEARDOWN).toList();
  }

  public Versioned version() {
    return version;
  }
}
