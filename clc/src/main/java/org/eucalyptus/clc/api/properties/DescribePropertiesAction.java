package org.eucalyptus.clc.api.properties;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.properties.CloudProperties;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists properties (those starting with any of Property.N, or all). */
public final class DescribePropertiesAction implements Ec2Action {
  private final CloudProperties properties;

  public DescribePropertiesAction(CloudProperties properties) {
    this.properties = properties;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    AdminOnly.check(req);
    XmlWriter x = req.response().start("properties");
    for (CloudProperties.Entry e : properties.describe(req.list("Property"))) {
      x.start("item").element("name", e.name()).element("value", e.value()).element("description", e.description())
          .end();
    }
    return x.toString();
  }
}
