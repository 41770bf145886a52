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
    return db.inTransaction(s -> Optional.ofNullable(s.get(VmType.class, name)));
  }

  public List<VmType> all() {
    return db.inTransaction(s -> s.createQuery("from VmType order by sortOrder", VmType.class).list());
  }
}
