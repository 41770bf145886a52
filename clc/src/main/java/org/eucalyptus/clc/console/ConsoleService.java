package org.eucalyptus.clc.console;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.policy.RequestFacts;

/**
 * The web console at {@code /console/} of the cloud's HTTPS port (3.1 served its console on 8443):
 * server-rendered pages, no script. A request over plain HTTP is sent to the HTTPS port; one without
 * a live session is sent to sign in; every POST must carry its session's CSRF token (and, when the
 * browser names one, come from this origin). The one place API errors become what the user sees: a
 * form's refusal is the next page's message, a page's is an error page, both in the API's words.
 */
public final class ConsoleService implements RequestHandler {
  private static final Logger LOG = LogManager.getLogger(ConsoleService.class);
  public static final String PATH = "/console";

  private final ConsoleSessions sessions;
  private final SignInPage signIn;
  private final Pages pages;
  private final DashboardPage dashboard;
  private final InstancesPage instances;
  private final KeyPairsPage keyPairs;
  private final CredentialsPage credentials;
  private final UsersPage users;
  private final AccountsPage accounts;
  private final ServicesPage services;
  private final GroupsPage groups;
  private final AddressesPage addresses;
  private final VolumesPage volumes;
  private final ImagesPage images;
  private final ReportsPage reports;
  private final BucketsPage buckets;
  private final IamGroupsPage iamGroups;
  private final CloudSettingsPage settings;
  private final byte[] script;
  private final IntSupplier httpsPort;
  private final byte[] css;

  /**
   * @param httpsPort the HTTPS port a plain request is sent to (0: none, and the console refuses plain HTTP)
   */
  public ConsoleService(ConsoleSessions sessions, SignInThrottle throttle,
      org.eucalyptus.clc.identity.IdentityStore identity, org.eucalyptus.clc.identity.LoginProfiles logins,
      org.eucalyptus.clc.api.QueryService ec2, org.eucalyptus.clc.api.QueryService iam,
      org.eucalyptus.clc.api.QueryService configuration, org.eucalyptus.clc.api.QueryService properties,
      ConsoleCloud cloud,
      IntSupplier httpsPort, String region, java.time.Clock clock) {
    this.sessions = sessions;
    this.pages = new Pages();
    this.signIn = new SignInPage(identity, logins, sessions, throttle, pages);
    ConsoleApi api = new ConsoleApi(ec2, iam, configuration, properties);
    this.iamGroups = new IamGroupsPage(api, pages);
    this.settings = new CloudSettingsPage(api, pages);
    this.users = new UsersPage(api, pages);
    this.accounts = new AccountsPage(api, pages);
    this.services = new ServicesPage(api, pages);
    this.groups = new GroupsPage(api, pages);
    this.addresses = new AddressesPage(api, pages);
    this.volumes = new VolumesPage(api, pages);
    this.images = new ImagesPage(api, pages);
    this.reports = new ReportsPage(api, pages);
    this.instances = new InstancesPage(api, pages);
    this.keyPairs = new KeyPairsPage(api, pages);
    this.credentials = new CredentialsPage(api, pages, cloud);
    ConsoleS3 s3 = new ConsoleS3(cloud::walrusEndpoint, identity, region, clock);
    this.buckets = new BucketsPage(s3, cloud, pages);
    this.dashboard = new DashboardPage(api, s3, pages);
    this.httpsPort = httpsPort;
    this.css = resource("console/console.css");
    this.script = resource("console/console.js");
  }

  @Override
  public FullHttpResponse handle(InboundRequest req) {
    req.access().service("console");
    String page = req.path().substring(PATH.length());
    if (!req.secure()) {
      return toHttps(req);
    }
    if (page.isEmpty()) {
      return ConsoleHttp.redirect(PATH + "/");
    }
    boolean post = req.method().equals("POST");
    if (!post && !req.method().equals("GET")) {
      return ConsoleHttp.secured(Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "The console takes GET and POST.\n"));
    }
    if (page.equals("/console.css")) {
      return ConsoleHttp.secured(Responses.of(HttpResponseStatus.OK, "text/css; charset=utf-8", css));
    }
    if (page.equals("/console.js")) {
      return ConsoleHttp.secured(Responses.of(HttpResponseStatus.OK, "text/javascript; charset=utf-8", script));
    }
    if (post && !sameOrigin(req)) {
      return ConsoleHttp.secured(Responses.text(HttpResponseStatus.FORBIDDEN, "A form from another site.\n"));
    }
    if (page.equals("/signin")) {
      return post ? signIn.signIn(req, address(req)) : signIn.form("", "", null, HttpResponseStatus.OK);
    }
    Optional<ConsoleSessions.Session> session = sessions.find(ConsoleHttp.cookie(req, ConsoleHttp.SESSION_COOKIE));
    if (session.isEmpty()) {
      FullHttpResponse r = ConsoleHttp.redirect(PATH + "/signin");
      ConsoleHttp.clearCookie(r, ConsoleHttp.SESSION_COOKIE);
      return r;
    }
    Map<String, String> form = post ? ConsoleHttp.form(req) : Map.of();
    if (post && !tokenMatches(form.get("csrf"), session.get().csrf())) {
      LOG.info("console: a {} without its session's token refused (from {})", page, address(req));
      return ConsoleHttp.html(HttpResponseStatus.FORBIDDEN, pages.render("error", null,
          Map.of("message", "This form has expired or did not come from this console. Go back, reload and try again.")));
    }
    ConsoleRequest r = new ConsoleRequest(req, session.get(), page, req.queryParameters(), form,
        new RequestFacts(address(req), true, Instant.now()));
    req.access().action(page);
    return post ? act(r) : show(r);
  }

  /** A GET: a page, or an error page in the API's words. */
  private FullHttpResponse show(ConsoleRequest r) {
    try {
      if (r.page().equals("/reports.csv")) {
        return ConsoleHttp.download("usage.csv", "text/csv; charset=utf-8", reports.csv(r, Instant.now()));
      }
      byte[] body = switch (r.page()) {
        case "/" -> dashboard.show(r);
        case "/instances" -> instances.list(r);
        case "/instances/output" -> instances.output(r);
        case "/keypairs" -> keyPairs.list(r);
        case "/credentials" -> credentials.list(r, Map.of());
        case "/users" -> users.list(r);
        case "/users/user" -> users.user(r, r.param("name"), Map.of());
        case "/accounts" -> accounts.list(r);
        case "/services" -> services.list(r);
        case "/groups" -> groups.list(r);
        case "/addresses" -> addresses.list(r);
        case "/volumes" -> volumes.list(r);
        case "/images" -> images.list(r);
        case "/reports" -> reports.show(r, Instant.now());
        case "/buckets" -> buckets.list(r);
        case "/buckets/bucket" -> buckets.bucket(r);
        case "/iamgroups" -> iamGroups.list(r);
        case "/iamgroups/group" -> iamGroups.group(r, r.param("name"), Map.of());
        case "/accounts/account" -> accounts.account(r, r.param("name"), Map.of());
        case "/properties" -> settings.properties(r);
        case "/vmtypes" -> settings.vmTypes(r);
        default -> null;
      };
      return body == null ? notFound(r) : ConsoleHttp.html(HttpResponseStatus.OK, body);
    } catch (ApiException e) {
      r.http().access().errorCode(e.code());
      return ConsoleHttp.html(e.status(), pages.render("error", r, apiError(e)));
    } catch (RuntimeException e) {
      return internal(r, e);
    }
  }

  /** A POST: what the form asks, then the page it came from with what happened (Post/Redirect/Get). */
  private FullHttpResponse act(ConsoleRequest r) {
    String back = PATH + "/" + r.page().substring(1).split("/")[0];
    if (r.page().startsWith("/users/") && !r.page().equals("/users/create") && !r.page().equals("/users/delete")) {
      back = UsersPage.link(r.field("name")); // a user's own page's forms come back to it
    }
    if (r.page().startsWith("/iamgroups/") && !r.page().equals("/iamgroups/create")
        && !r.page().equals("/iamgroups/delete")) {
      back = IamGroupsPage.link(r.field("name"));
    }
    if (r.page().startsWith("/accounts/policy")) {
      back = AccountsPage.link(r.field("name"));
    }
    if (r.page().startsWith("/buckets/object/")) {
      back = BucketsPage.link(r.field("bucket"), r.form().getOrDefault("prefix", ""));
    }
    if (r.page().equals("/buckets/upload-link")) {
      return uploadLink(r);
    }
    try {
      FullHttpResponse answered = switch (r.page()) {
        case "/signout" -> signIn.signOut(r);
        case "/keypairs/create" ->
            ConsoleHttp.download(r.field("name") + ".pem", "application/x-pem-file", keyPairs.create(r));
        case "/credentials/create" -> ConsoleHttp.html(HttpResponseStatus.OK, credentials.createKey(r));
        case "/credentials/zip" -> ConsoleHttp.download(
            r.caller().accountName() + "-" + r.caller().userName() + "-credentials.zip", "application/zip",
            credentials.zip(r));
        default -> null; // a form whose answer is the page it came from
      };
      if (answered != null) {
        return answered;
      }
      Object done = switch (r.page()) {
        case "/instances/launch" -> instances.launch(r);
        case "/instances/terminate" -> instances.terminate(r);
        case "/instances/reboot" -> instances.reboot(r);
        case "/keypairs/import" -> keyPairs.importKey(r);
        case "/keypairs/delete" -> keyPairs.delete(r);
        case "/credentials/deactivate" -> credentials.setStatus(r, false);
        case "/credentials/activate" -> credentials.setStatus(r, true);
        case "/credentials/delete" -> credentials.deleteKey(r);
        case "/users/create" -> users.create(r);
        case "/users/delete" -> users.delete(r);
        case "/users/password" -> users.password(r);
        case "/users/nopassword" -> users.removePassword(r);
        case "/users/policy" -> users.putPolicy(r);
        case "/users/policy/delete" -> users.deletePolicy(r);
        case "/accounts/create" -> accounts.create(r);
        case "/accounts/delete" -> accounts.delete(r);
        case "/groups/create" -> groups.create(r);
        case "/groups/delete" -> groups.delete(r);
        case "/groups/authorize" -> groups.authorize(r);
        case "/groups/revoke" -> groups.revoke(r);
        case "/addresses/allocate" -> addresses.allocate(r);
        case "/addresses/associate" -> addresses.associate(r);
        case "/addresses/disassociate" -> addresses.disassociate(r);
        case "/addresses/release" -> addresses.release(r);
        case "/volumes/create" -> volumes.create(r);
        case "/volumes/delete" -> volumes.delete(r);
        case "/volumes/attach" -> volumes.attach(r);
        case "/volumes/detach" -> volumes.detach(r);
        case "/volumes/snapshot" -> volumes.snapshot(r);
        case "/volumes/snapshot/delete" -> volumes.deleteSnapshot(r);
        case "/images/register" -> images.register(r);
        case "/images/deregister" -> images.deregister(r);
        case "/images/permit" -> images.permission(r, true);
        case "/images/forbid" -> images.permission(r, false);
        case "/buckets/create" -> buckets.create(r);
        case "/buckets/delete" -> buckets.delete(r);
        case "/buckets/object/delete" -> buckets.deleteObject(r);
        case "/iamgroups/create" -> iamGroups.create(r);
        case "/iamgroups/delete" -> iamGroups.delete(r);
        case "/iamgroups/add" -> iamGroups.addUser(r);
        case "/iamgroups/remove" -> iamGroups.removeUser(r);
        case "/iamgroups/policy" -> iamGroups.putPolicy(r);
        case "/iamgroups/policy/delete" -> iamGroups.deletePolicy(r);
        case "/accounts/policy" -> accounts.putPolicy(r);
        case "/accounts/policy/delete" -> accounts.deletePolicy(r);
        case "/properties/modify" -> settings.modifyProperty(r);
        case "/vmtypes/modify" -> settings.modifyVmType(r);
        default -> null;
      };
      if (done == null) {
        return notFound(r);
      }
      if (done instanceof byte[] page) { // a form shown again, with what was typed and why it was refused
        return ConsoleHttp.html(HttpResponseStatus.UNPROCESSABLE_ENTITY, page);
      }
      Done d = done instanceof Done given ? given : new Done((String) done, back);
      r.session().flash(d.message());
      return ConsoleHttp.redirect(d.back());
    } catch (ApiException e) {
      r.http().access().errorCode(e.code());
      r.session().flash(e.code() + ": " + e.getMessage(), true);
      return ConsoleHttp.redirect(back);
    } catch (RuntimeException e) {
      return internal(r, e);
    }
  }

  /** The link console.js uploads to, as text; a refusal as text too ("Code: message"), for the page to show. */
  private FullHttpResponse uploadLink(ConsoleRequest r) {
    try {
      return ConsoleHttp.secured(Responses.text(HttpResponseStatus.OK, buckets.uploadLink(r)));
    } catch (ApiException e) {
      r.http().access().errorCode(e.code());
      return ConsoleHttp.secured(Responses.text(e.status(), e.code() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("console: {} failed", r.page(), e);
      return ConsoleHttp.secured(Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "We encountered an internal error. Please try again."));
    }
  }

  private FullHttpResponse notFound(ConsoleRequest r) {
    return ConsoleHttp.html(HttpResponseStatus.NOT_FOUND, pages.render("error", r,
        Map.of("message", "There is no such page in the console.")));
  }

  private FullHttpResponse internal(ConsoleRequest r, RuntimeException e) {
    LOG.error("console: {} {} failed", r.http().method(), r.page(), e);
    return ConsoleHttp.html(HttpResponseStatus.INTERNAL_SERVER_ERROR, pages.render("error", r,
        Map.of("message", "We encountered an internal error. Please try again.")));
  }

  private static Map<String, Object> apiError(ApiException e) {
    Map<String, Object> m = new HashMap<>();
    m.put("code", e.code());
    m.put("message", e.getMessage());
    return m;
  }

  /** Plain HTTP is never the console's: the same path on the HTTPS port. */
  private FullHttpResponse toHttps(InboundRequest req) {
    int port = httpsPort.getAsInt();
    String host = req.header("Host");
    if (port <= 0 || host == null) {
      return Responses.text(HttpResponseStatus.FORBIDDEN, "The console is served over HTTPS only.\n");
    }
    String name = URI.create("http://" + host).getHost();
    if (name == null) {
      return Responses.text(HttpResponseStatus.BAD_REQUEST, "Unreadable Host header.\n");
    }
    String hostPart = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    return ConsoleHttp.redirect("https://" + hostPart + ":" + port + req.uri());
  }

  /**
   * A browser names where a form came from (Origin); when it does, it must be this console's own
   * scheme, host and port. SameSite=Strict cookies and the CSRF token are the main defence; this is another.
   */
  private static boolean sameOrigin(InboundRequest req) {
    String origin = req.header("Origin");
    if (origin == null) {
      return true;
    }
    String host = req.header("Host");
    return host != null && origin.equalsIgnoreCase("https://" + host);
  }

  private static boolean tokenMatches(String sent, String expected) {
    return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String address(InboundRequest req) {
    return req.remoteAddress() == null || req.remoteAddress().getAddress() == null ? "unknown"
        : req.remoteAddress().getAddress().getHostAddress();
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleService.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
