package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.identity.LoginProfile;
import org.eucalyptus.clc.identity.PasswordPolicyException;
import org.eucalyptus.common.xml.XmlWriter;

/** IAM's LoginProfile element and its error for a refused password. */
final class LoginProfileXml {
  private LoginProfileXml() {}

  static void profile(XmlWriter x, String userName, LoginProfile p) {
    x.start("LoginProfile").element("UserName", userName).element("CreateDate", IamXml.time(p.created()))
        .element("PasswordResetRequired", "false").end();
  }

  static ApiException refused(PasswordPolicyException e) {
    return new ApiException("PasswordPolicyViolation", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
  }
}
