package org.eucalyptus.clc.api;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;

/**
 * Requests to {@code /}: the AWS SDKs' Query clients post there whatever path their endpoint has,
 * so the service is told by the Signature V4 credential scope ({@code …/ec2/aws4_request},
 * {@code …/iam/aws4_request}). Anything else goes to the default service (EC2).
 */
public final class ScopeRouter implements RequestHandler {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/,]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final Pattern QUERY_SCOPE =
      Pattern.compile("X-Amz-Credential=[^&]*?%2F\\d{8}%2F[^%]+%2F([^%]+)%2Faws4_request");

  private final Map<String, RequestHandler> byService;
  private final RequestHandler fallback;

  public ScopeRouter(Map<String, RequestHandler> byService, RequestHandler fallback) {
    this.byService = Map.copyOf(byService);
    this.fallback = fallback;
  }

  @Override
  public FullHttpResponse handle(InboundRequest req) throws Exception {
    String service = null;
    String authz = req.header("Authorization");
    if (authz != null) {
      Matcher m = SCOPE.matcher(authz);
      service = m.find() ? m.group(1) : null;
    } else {
      Matcher m = QUERY_SCOPE.matcher(req.rawQuery());
      service = m.find() ? m.group(1) : null;
    }
    return (service == null ? fallback : byService.getOrDefault(service, fallback)).handle(req);
  }
}
