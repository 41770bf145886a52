package org.eucalyptus.clc.api.properties;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.properties.CloudProperties;

/** Sets a property (Name, Value) or resets it to its default (Reset=true). */
public final class ModifyPropertyValueAction implements Ec2Action {
  private final CloudProperties properties;

  public ModifyPropertyValueAction(CloudProperties properties) {
    this.properties = properties;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    AdminOnly.check(req);
    String name = req.required("Name");
    boolean reset = req.boolParam("Reset");
    String value = reset ? null : req.params().get("Value");
    if (!reset && value == null) {
      throw Ec2Exception.missing("Value");
    }
    String old;
    try {
      old = properties.modify(name, value);
    } catch (IllegalArgumentException e) {
      throw Ec2Exception.invalid("Name", name, e.getMessage());
    }
    return req.response().element("name", name).element("value", properties.get(name)).element("oldValue", old)
        .toString();
  }
}
