package org.eucalyptus.clc.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;

/** A signed Query POST, for the actions the AWS SDK does not have (Eucalyptus's extensions). */
final class Ec2QueryApiTestSupport {
  private Ec2QueryApiTestSupport() {}

  static HttpResponse<String> post(int port, AccessKeyOwner key, Map<String, String> params) throws Exception {
    String body = QuerySigner.formBody(params);
    URI uri = URI.create("http://127.0.0.1:" + port + "/services/Eucalyptus");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "ec2").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
