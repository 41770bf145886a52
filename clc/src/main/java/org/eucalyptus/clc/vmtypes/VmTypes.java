package org.eucalyptus.clc.vmtypes;

import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.persistence.Database;

/** The instance types the cloud offers. */
public final class VmTypes {
  public static final String DEFAULT = "m1.small";

  private final Database db;

  public VmTypes(Database db) {
    this.db = db;
  }

  public Optional<VmType> find(String name) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(VmType.class, name)));
  }

  public List<VmType> all() {
    return db.inTransaction(s -> s.createQuery("from VmType order by sortOrder", VmType.class).list());
  }

  /** Eucalyptus 3.1's sizes (cores, memory MB, disk GB), which a reset goes back to. */
  private static final java.util.Map<String, int[]> DEFAULTS = java.util.Map.of(
      "m1.small", new int[] {1, 128, 2}, "c1.medium", new int[] {1, 256, 5}, "m1.large", new int[] {2, 512, 10},
      "m1.xlarge", new int[] {2, 1024, 20}, "c1.xlarge", new int[] {4, 2048, 20});

  /**
   * Changes a type's size; values left null keep theirs. Sizes must not shrink from one type to the
   * next larger one, as euca-describe-availability-zones lists them smallest first.
   *
   * @return the type as it was before
   */
  public VmType resize(String name, Integer cpu, Integer memoryMb, Integer diskGb, boolean reset) {
    return db.inTransaction(s -> {
      VmType t = s.find(VmType.class, name, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
      if (t == null) {
        throw new IllegalArgumentException("No such instance type: " + name);
      }
      VmType before = copy(t);
      int[] d = DEFAULTS.getOrDefault(name, new int[] {t.cpu(), t.memoryMb(), t.diskGb()});
      int c = reset ? d[0] : cpu != null ? cpu : t.cpu();
      int m = reset ? d[1] : memoryMb != null ? memoryMb : t.memoryMb();
      int g = reset ? d[2] : diskGb != null ? diskGb : t.diskGb();
      if (c < 1 || c > 1024 || m < 16 || m > 4_194_304 || g < 0 || g > 1_048_576) {
        throw new IllegalArgumentException("cpu 1-1024, memory 16-4194304 MB, disk 0-1048576 GB");
      }
      t.resize(c, m, g);
      return before;
    });
  }

  private static VmType copy(VmType t) {
    VmType c = new VmType();
    c.name = t.name();
    c.resize(t.cpu(), t.memoryMb(), t.diskGb());
    return c;
  }
}
