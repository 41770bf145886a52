package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.common.auth.Caller;

/** Finds the group a request names, by id ({@code sg-…}) or by name, in the caller's account. */
public final class GroupRefs {
  private GroupRefs() {}

  public static SecurityGroup byId(SecurityGroupStore groups, Caller caller, String id) throws ApiException {
    if (!id.matches("sg-[0-9a-f]{8}([0-9a-f]{9})?")) {
      throw new ApiException("InvalidGroupId.Malformed", "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
    }
    return groups.findById(id).filter(g -> g.accountNumber().equals(caller.accountNumber()))
        .orElseThrow(() -> new ApiException("InvalidGroup.NotFound", "The security group '" + id + "' does not exist"));
  }

  public static SecurityGroup byName(SecurityGroupStore groups, String account, String name) throws ApiException {
    if (name.equals(SecurityGroup.DEFAULT)) {
      return groups.ensureDefault(account);
    }
    return groups.findByName(account, name).orElseThrow(() ->
        new ApiException("InvalidGroup.NotFound", "The security group '" + name + "' does not exist"));
  }

  /** The group of an Authorize/Revoke/Delete request: {@code GroupId} or {@code GroupName}. */
  public static SecurityGroup target(SecurityGroupStore groups, QueryRequest req) throws ApiException {
    String id = req.param("GroupId");
    if (id != null) {
      return byId(groups, req.caller(), id);
    }
    String name = req.param("GroupName");
    if (name == null) {
      throw new ApiException("MissingParameter", "The request must contain the parameter GroupName or GroupId");
    }
    return byName(groups, req.caller().accountNumber(), name);
  }
}
