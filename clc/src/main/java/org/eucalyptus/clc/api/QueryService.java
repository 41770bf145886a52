package org.eucalyptus.clc.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.PolicySource;
import org.eucalyptus.common.policy.RequestFacts;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.xml.InvalidXmlCharacterException;
import org.eucalyptus.common.xml.XmlChars;

/**
 * A Query API (EC2 at {@code /services/Eucalyptus}; IAM and the admin services elsewhere, each
 * in its own {@link QueryDialect}): reads GET query or POST form parameters, checks the
 * signature, picks the action from the table, and is the one place where every failure becomes the
 * API's error document.
 */
public final class QueryService implements RequestHandler {
  private static final Logger LOG = LogManager.getLogger(QueryService.class);

  private final RequestAuthenticator authenticator;
  private final Map<String, QueryAction> actions;
  private final QueryDialect dialect;
  private final PolicySource policies;
  /** The service's name in the access log. */
  private final String service;
  /** Actions whose request or answer carries a secret (a private key, a secret key, a password). */
  private final java.util.Set<String> secretActions;
  /** Whether those are refused over plain HTTP now (a cloud property, read per request). */
  private final java.util.function.BooleanSupplier secretsOverHttpsOnly;

  public QueryService(RequestAuthenticator authenticator, Map<String, QueryAction> actions) {
    this(authenticator, actions, QueryDialect.EC2, caller -> CallerPolicies.NONE);
  }

  public QueryService(RequestAuthenticator authenticator, Map<String, QueryAction> actions, QueryDialect dialect,
      PolicySource policies) {
    this(authenticator, actions, dialect, policies, java.util.Set.of(), () -> false);
  }

  /**
   * @param secretActions the actions whose request or answer carries a secret
   * @param secretsOverHttpsOnly whether those are refused now when the request did not come over TLS
   */
  public QueryService(RequestAuthenticator authenticator, Map<String, QueryAction> actions, QueryDialect dialect,
      PolicySource policies, java.util.Set<String> secretActions, java.util.function.BooleanSupplier secretsOverHttpsOnly) {
    this.secretActions = java.util.Set.copyOf(secretActions);
    this.secretsOverHttpsOnly = secretsOverHttpsOnly;
    this.authenticator = authenticator;
    this.policies = policies;
    this.actions = Map.copyOf(actions);
    this.dialect = dialect;
    this.service = dialect == QueryDialect.EC2 ? "ec2"
        : dialect instanceof org.eucalyptus.clc.api.iam.IamDialect ? "iam" : "eucalyptus";
  }

  public java.util.Set<String> actionNames() {
    return actions.keySet();
  }

  @Override
  public FullHttpResponse handle(InboundRequest req) {
    String requestId = UUID.randomUUID().toString();
    req.access().service(service);
    try {
      if (!req.method().equals("GET") && !req.method().equals("POST")) {
        throw new ApiException("InvalidAction", "The EC2 Query API takes GET or POST, not " + req.method(),
            HttpResponseStatus.METHOD_NOT_ALLOWED);
      }
      List<Map.Entry<String, String>> query = decode(req.rawQuery());
      Map<String, String> params = new LinkedHashMap<>();
      query.forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
      if (req.method().equals("POST")) {
        String ct = req.header("Content-Type");
        if (ct != null && !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
          throw new ApiException("InvalidParameterValue", "POST bodies must be application/x-www-form-urlencoded");
        }
        decode(req.bodyAsString()).forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
      }
      req.access().action(params.get("Action"));
      AccessKeyOwner owner = authenticate(req, query, params);
      CharSequence body = execute(params.get("Action"), params.getOrDefault("Version", dialect.defaultVersion()), params,
          owner.caller(), requestId, req.header("Host"), facts(req));
      return Responses.xml(HttpResponseStatus.OK, body);
    } catch (ApiException e) {
      req.access().errorCode(e.code());
      return error(e.status(), e.code(), e.getMessage(), requestId);
    } catch (RuntimeException e) {
      ApiException mapped = asFault(e);
      if (mapped != null) {
        req.access().errorCode(mapped.code());
        return error(mapped.status(), mapped.code(), mapped.getMessage(), requestId);
      }
      LOG.error("Query request {} failed: {} {}", requestId, req.method(), req.rawPath(), e);
      req.access().errorCode("InternalError");
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError",
          "We encountered an internal error. Please try again.", requestId);
    }
  }

  /** The most parameters one request may carry (ids in a list, filter values, everything). */
  static final int MAX_PARAMETERS = 10_000;

  /**
   * Runs one action for an authenticated caller and returns its response document: what the Query
   * API does after the signature check, and what the SOAP API calls (one implementation of each
   * action, whichever protocol carried it).
   */
  public CharSequence execute(String action, String version, Map<String, String> params, Caller caller, String requestId,
      String host, RequestFacts facts) throws ApiException {
    checkCharacters(params);
    if (params.size() > MAX_PARAMETERS) {
      // A list of ids becomes one database statement, and PostgreSQL binds at most 32,767 values in one.
      throw new ApiException("InvalidParameterValue", "A request carries at most " + MAX_PARAMETERS
          + " parameters; this one has " + params.size() + ".");
    }
    if (action == null || action.isEmpty()) {
      throw ApiException.missing("Action");
    }
    String versionProblem = dialect.checkVersion(version);
    if (versionProblem != null) {
      throw ApiException.invalid("Version", version, versionProblem);
    }
    QueryAction handler = actions.get(action);
    if (handler == null) {
      throw new ApiException("InvalidAction", "The action " + action + " is not valid for this web service.");
    }
    if (!facts.secureTransport() && secretActions.contains(action) && secretsOverHttpsOnly.getAsBoolean()) {
      throw new ApiException("OperationNotPermitted", action + " carries a secret, and this cloud takes such requests"
          + " only over HTTPS (property " + org.eucalyptus.clc.properties.CloudProperties.SECRETS_OVER_HTTPS_ONLY
          + "): send it to the cloud's HTTPS port (8443).", HttpResponseStatus.FORBIDDEN);
    }
    try {
      // EC2's ids are kept in lower case; a client may send them in any case.
      Map<String, String> read = dialect == QueryDialect.EC2 ? ResourceIds.normalized(params) : params;
      Authorization authorization = new Authorization(caller, policies.policiesOf(caller), facts);
      return handler.execute(new QueryRequest(action, version, read, caller, requestId, host, dialect, authorization));
    } catch (DomainException e) {
      LOG.info("{} {} refused: {}", action, requestId, e.toString());
      throw ApiErrors.of(e);
    } catch (RuntimeException e) {
      ApiException mapped = asFault(e);
      if (mapped == null) {
        throw e;
      }
      LOG.info("{} {} refused: {}", action, requestId, e.toString());
      throw mapped;
    }
  }

  /**
   * Runs one action for {@code caller} at the API's default version, as a signed request of theirs
   * would run (the same checks, the same policy evaluation): what the web console does for the user
   * signed in to it.
   */
  public CharSequence executeAs(Caller caller, String action, Map<String, String> params, RequestFacts facts)
      throws ApiException {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("Action", action);
    return execute(action, dialect.defaultVersion(), all, caller, UUID.randomUUID().toString(), null, facts);
  }

  /**
   * The door every Query and SOAP request passes: a parameter name or value holding a control
   * character (or anything XML 1.0 cannot carry) is refused before any action sees it, so nothing
   * stored can break a later answer. Tab, LF and CR pass, as EC2 allows them in descriptions.
   */
  static void checkCharacters(Map<String, String> params) throws ApiException {
    for (Map.Entry<String, String> e : params.entrySet()) {
      int at = XmlChars.refusedAt(e.getKey());
      if (at >= 0) {
        throw new ApiException("InvalidParameterValue", "The parameter name " + XmlChars.printable(e.getKey(), 64)
            + " holds the control character " + XmlChars.describe(e.getKey(), at) + ", which is not allowed.");
      }
      String v = e.getValue();
      at = v == null ? -1 : XmlChars.refusedAt(v);
      if (at >= 0) {
        throw new ApiException("InvalidParameterValue", "Value (" + XmlChars.printable(v, 64) + ") for parameter "
            + XmlChars.printable(e.getKey(), 64) + " is invalid. It holds the control character "
            + XmlChars.describe(v, at) + " at position " + at + ", which is not allowed.");
      }
    }
  }

  /**
   * A failure that is the request's fault although an action did not catch it: a value the
   * database refused (too long for its column, a broken reference, a duplicate: SQL states 22 and
   * 23), which becomes InvalidParameterValue; a lock the database could not give in time, which
   * becomes the retryable ServiceUnavailable (503); and an answer the XML writer refused to write, a
   * clear InternalError rather than a half-written document. Null for anything else.
   */
  /** SQL states of a transaction that lost a wait for a lock (H2 HYT00, PostgreSQL 55P03) or a deadlock (40001, 40P01). */
  private static final java.util.Set<String> BUSY_STATES = java.util.Set.of("HYT00", "55P03", "40001", "40P01");

  static ApiException asFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
        return new ApiException("InvalidParameterValue", sql.getSQLState().startsWith("22")
            ? "A parameter value is too long or not valid for what it names."
            : "The request conflicts with what exists (a duplicate name, or a reference to something missing).");
      }
      if (t instanceof java.sql.SQLException sql && BUSY_STATES.contains(sql.getSQLState())) {
        // A lock not had in time (H2's LOCK_TIMEOUT, PostgreSQL's lock_timeout) or a deadlock's victim after
        // its retries: the database is busy, not broken, and the same request may well pass a moment later.
        return new ApiException("ServiceUnavailable", "The request could not be served now because the cloud's"
            + " database is busy; try again.", HttpResponseStatus.SERVICE_UNAVAILABLE);
      }
      if (t instanceof InvalidXmlCharacterException) {
        return new ApiException("InternalError", "The answer would hold a character XML cannot carry, stored before"
            + " such input was refused (" + t.getMessage() + "); change or delete the name, description or tag that"
            + " holds it.", HttpResponseStatus.INTERNAL_SERVER_ERROR);
      }
    }
    return null;
  }

  private AccessKeyOwner authenticate(InboundRequest req, List<Map.Entry<String, String>> query,
      Map<String, String> params) throws ApiException {
    try {
      return authenticator.authenticate(req, query, params, false);
    } catch (AuthException e) {
      LOG.debug("authentication failed: {}", e.getMessage());
      // A missing, unknown or wrong signature is AuthFailure (401), as EC2 answers; a stale one RequestExpired.
      String code = e.reason() == AuthException.Reason.EXPIRED ? "RequestExpired" : "AuthFailure";
      HttpResponseStatus status = code.equals("AuthFailure") ? HttpResponseStatus.UNAUTHORIZED : HttpResponseStatus.BAD_REQUEST;
      String message = switch (e.reason()) {
        case UNKNOWN_KEY, BAD_SIGNATURE -> "AWS was not able to validate the provided access credentials";
        default -> e.getMessage();
      };
      throw new ApiException(code, message, status);
    }
  }

  /** What conditions may test about an HTTP request: the client's address, TLS (none on this port yet), now. */
  static RequestFacts facts(InboundRequest req) {
    String ip = req.remoteAddress() == null || req.remoteAddress().getAddress() == null ? null
        : req.remoteAddress().getAddress().getHostAddress();
    return new RequestFacts(ip, req.secure(), java.time.Instant.now());
  }

  /** The API's 503, for a request the server cannot take now (too many connections, no worker free). */
  public FullHttpResponse busy() {
    return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
        "The service is too busy to take the request; please retry.", UUID.randomUUID().toString());
  }

  /** The HTTP server's own answers to a request for this API, in its error format. */
  public FullHttpResponse refusal(org.eucalyptus.common.http.ServerRefusal why) {
    return switch (why) {
      case BUSY -> busy();
      case REQUEST_LINE_TOO_LONG -> error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "InvalidRequest",
          "The request line is longer than " + org.eucalyptus.common.http.HttpServer.MAX_REQUEST_LINE
              + " bytes; send the parameters in a POST body.", UUID.randomUUID().toString());
      case HEADERS_TOO_LARGE -> error(HttpResponseStatus.BAD_REQUEST, "InvalidRequest",
          "The request's headers are larger than " + org.eucalyptus.common.http.HttpServer.MAX_HEADER_SECTION
              + " bytes.", UUID.randomUUID().toString());
    };
  }

  /** Parses {@code a=b&c=d} into decoded pairs, keeping order and repeats. */
  static List<Map.Entry<String, String>> decode(String encoded) throws ApiException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    try {
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        out.add(new AbstractMap.SimpleImmutableEntry<>(
            QueryStringDecoder.decodeComponent(k, StandardCharsets.UTF_8),
            QueryStringDecoder.decodeComponent(v, StandardCharsets.UTF_8)));
      }
    } catch (IllegalArgumentException e) {
      throw new ApiException("InvalidParameterValue", "Malformed parameter encoding: " + e.getMessage());
    }
    return out;
  }

  private FullHttpResponse error(HttpResponseStatus status, String code, String message, String requestId) {
    // Messages quote what the client sent; the error document must still be one a client can read.
    String xml = dialect.error(code, XmlChars.printable(message, 2048), requestId, dialect.namespace(dialect.defaultVersion()),
        status.code() < 500);
    FullHttpResponse r = Responses.xml(status, xml);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    return r;
  }
}
