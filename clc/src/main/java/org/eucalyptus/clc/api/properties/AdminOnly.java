package org.eucalyptus.clc.api.properties;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;

final class AdminOnly {
  private AdminOnly() {}

  static void check(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator reads and changes properties",
          HttpResponseStatus.FORBIDDEN);
    }
  }
}
