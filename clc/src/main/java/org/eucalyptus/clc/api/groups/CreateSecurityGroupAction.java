package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;

public final class CreateSecurityGroupAction implements QueryAction {
  private final SecurityGroupStore groups;

  public CreateSecurityGroupAction(SecurityGroupStore groups) {
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String name = req.required("GroupName");
    String description = req.required("GroupDescription");
    if (name.length() > 255 || !name.matches("[\\x20-\\x7E]+")) {
      throw ApiException.invalid("GroupName", name, "Group names are 1 to 255 ASCII characters.");
    }
    if (description.length() > 255) {
      throw ApiException.invalid("GroupDescription", description, "Descriptions are at most 255 characters.");
    }
    if (name.equals(SecurityGroup.DEFAULT)) {
      groups.ensureDefault(req.caller().accountNumber());
      throw new AlreadyExistsException(ResourceKind.SECURITY_GROUP, "The security group 'default' already exists");
    }
    SecurityGroup g = groups.create(req.caller().accountNumber(), name, description);
    return req.response().element("return", "true").element("groupId", g.groupId()).toString();
  }
}
