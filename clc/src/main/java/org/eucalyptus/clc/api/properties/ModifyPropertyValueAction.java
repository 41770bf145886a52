package org.eucalyptus.clc.api.properties;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.properties.CloudProperties;

/** Sets a property (Name, Value) or resets it to its default (Reset=true). */
public final class ModifyPropertyValueAction implements QueryAction {
  private final CloudProperties properties;

  public ModifyPropertyValueAction(CloudProperties properties) {
    this.properties = properties;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    AdminOnly.check(req);
    String name = req.required("Name");
    boolean reset = req.boolParam("Reset");
    String value = reset ? null : req.params().get("Value");
    if (!reset && value == null) {
      throw ApiException.missing("Value");
    }
    String old;
    try {
      old = properties.modify(name, value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Name", name, e.getMessage());
    }
    return req.response().element("name", name).element("value", properties.get(name)).element("oldValue", old)
        .toString();
  }
}
