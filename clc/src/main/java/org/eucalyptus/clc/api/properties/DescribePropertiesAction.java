package org.eucalyptus.clc.api.properties;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.properties.CloudProperties;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists properties (those starting with any of Property.N, or all). */
public final class DescribePropertiesAction implements QueryAction {
  private final CloudProperties properties;

  public DescribePropertiesAction(CloudProperties properties) {
    this.properties = properties;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    AdminOnly.check(req);
    XmlWriter x = req.response().start("properties");
    for (CloudProperties.Entry e : properties.describe(req.list("Property"))) {
      x.start("item").element("name", e.name()).element("value", e.value()).element("description", e.description())
          .end();
    }
    return x.toString();
  }
}
