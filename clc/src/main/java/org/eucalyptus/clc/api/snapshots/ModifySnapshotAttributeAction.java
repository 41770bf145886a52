package org.eucalyptus.clc.api.snapshots;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.snapshots.CreateVolumePermission;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;

/**
 * Shares a snapshot (createVolumePermission for accounts, or Group {@code all}) or stops sharing it.
 * Takes EC2's structured {@code CreateVolumePermission.Add.N.UserId|Group} form and the older
 * {@code Attribute=createVolumePermission&OperationType=add&UserId.N|UserGroup.N} form (euca2ools,
 * and what the AWS SDK sends for its userIds/groupNames).
 */
public final class ModifySnapshotAttributeAction implements QueryAction {
  private final SnapshotStore snapshots;

  public ModifySnapshotAttributeAction(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    Snapshot snap = SnapshotRefs.owned(snapshots, req);
    String attribute = req.param("Attribute");
    if (attribute != null && !attribute.equals("createVolumePermission")) {
      throw ApiException.invalid("Attribute", attribute, "Only createVolumePermission can be modified.");
    }
    List<String> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    entries(req, "CreateVolumePermission.Add", add);
    entries(req, "CreateVolumePermission.Remove", remove);
    String op = req.param("OperationType");
    List<String> flat = new ArrayList<>(users(req.list("UserId")));
    flat.addAll(groups(req.list("UserGroup")));
    if (op != null) {
      if (!op.equals("add") && !op.equals("remove")) {
        throw ApiException.invalid("OperationType", op, "It is add or remove.");
      }
      (op.equals("add") ? add : remove).addAll(flat);
    } else if (!flat.isEmpty()) {
      throw ApiException.missing("OperationType");
    }
    if (add.isEmpty() && remove.isEmpty()) {
      throw new ApiException("MissingParameter",
          "Say whom to add or remove: CreateVolumePermission.Add/Remove, or OperationType with UserId or UserGroup");
    }
    snapshots.changePermission(snap.snapshotId(), add, remove);
    return req.response().element("return", "true").toString();
  }

  /** {@code Prefix.N.UserId} and {@code Prefix.N.Group}, checked, into {@code out}. */
  private static void entries(QueryRequest req, String prefix, List<String> out) throws ApiException {
    List<String> users = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (String key : req.params().keySet()) {
      if (key.startsWith(prefix + ".")) {
        String rest = key.substring(prefix.length() + 1);
        String value = req.param(key);
        if (value == null) {
          continue;
        }
        if (rest.matches("\\d{1,6}\\.UserId")) {
          users.add(value);
        } else if (rest.matches("\\d{1,6}\\.Group")) {
          groups.add(value);
        } else {
          throw ApiException.invalid(key, value, "A permission is N.UserId or N.Group.");
        }
      }
    }
    out.addAll(users(users));
    out.addAll(groups(groups));
  }

  private static List<String> users(List<String> users) throws ApiException {
    for (String u : users) {
      if (!u.matches("\\d{12}")) {
        throw ApiException.invalid("UserId", u, "It must be a 12-digit account number.");
      }
    }
    return users;
  }

  private static List<String> groups(List<String> groups) throws ApiException {
    for (String g : groups) {
      if (!g.equals(CreateVolumePermission.ALL)) {
        throw ApiException.invalid("Group", g, "The only group is 'all'.");
      }
    }
    return groups;
  }
}
