package org.eucalyptus.clc.api.properties;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

final class AdminOnly {
  private AdminOnly() {}

  static void check(Ec2Request req) throws Ec2Exception {
    if (!req.caller().admin()) {
      throw new Ec2Exception("AuthFailure", "Only the cloud administrator reads and changes properties",
          HttpResponseStatus.FORBIDDEN);
    }
  }
}
