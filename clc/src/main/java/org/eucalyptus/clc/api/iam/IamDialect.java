package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryDialect;
import org.eucalyptus.common.xml.XmlWriter;

/** IAM's Query dialect (version 2010-05-08): results in ActionResult, the request id in ResponseMetadata. */
public final class IamDialect implements QueryDialect {
  public static final String VERSION = "2010-05-08";

  @Override
  public String defaultVersion() {
    return VERSION;
  }

  @Override
  public String checkVersion(String version) {
    return VERSION.equals(version) ? null : "The IAM API version is " + VERSION + ".";
  }

  @Override
  public String namespace(String version) {
    return "https://iam.amazonaws.com/doc/" + VERSION + "/";
  }

  @Override
  public XmlWriter begin(String action, String namespace, String requestId) {
    return new XmlWriter().root(action + "Response", namespace).start(action + "Result");
  }

  @Override
  public String finish(XmlWriter x, String requestId) {
    return x.endUntil(1).start("ResponseMetadata").element("RequestId", requestId).toString();
  }

  @Override
  public String error(String code, String message, String requestId, String namespace, boolean senderFault) {
    return new XmlWriter().root("ErrorResponse", namespace).start("Error")
        .element("Type", senderFault ? "Sender" : "Receiver").element("Code", code).element("Message", message).end()
        .element("RequestId", requestId).toString();
  }
}
