package org.eucalyptus.clc.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;

/** Signed IAM Query requests for the actions the AWS SDK does not know (Eucalyptus's account policies). */
record EuareQuery(String base, AccessKeyOwner key) {
  HttpResponse<String> call(String action, String... nameValues) throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", action);
    params.put("Version", "2010-05-08");
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    String body = QuerySigner.formBody(params);
    URI uri = URI.create(base + "/services/Euare");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "iam").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
