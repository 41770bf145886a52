package org.eucalyptus.clc.console;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.http.InboundRequest;

/**
 * Sign-in with an account's name or number, a user name and that user's console password (their IAM
 * login profile), as 3.1's console did; and sign-out. A wrong account, user or password all get the
 * same answer, and failures are slowed by {@link SignInThrottle}.
 */
final class SignInPage {
  private static final Logger LOG = LogManager.getLogger(SignInPage.class);

  private final IdentityStore identity;
  private final LoginProfiles logins;
  private final ConsoleSessions sessions;
  private final SignInThrottle throttle;
  private final Pages pages;

  SignInPage(IdentityStore identity, LoginProfiles logins, ConsoleSessions sessions, SignInThrottle throttle,
      Pages pages) {
    this.identity = identity;
    this.logins = logins;
    this.sessions = sessions;
    this.throttle = throttle;
    this.pages = pages;
  }

  /** The form, with a fresh token tied to this browser by a cookie. */
  FullHttpResponse form(String account, String user, String error, HttpResponseStatus status) {
    String token = sessions.token();
    Map<String, Object> model = new HashMap<>();
    model.put("signinToken", token);
    model.put("account", account);
    model.put("user", user);
    if (error != null) {
      model.put("error", error);
    }
    FullHttpResponse r = ConsoleHttp.html(status, pages.render("signin", null, model));
    ConsoleHttp.setCookie(r, ConsoleHttp.SIGNIN_COOKIE, token, 3600);
    return r;
  }

  FullHttpResponse signIn(InboundRequest req, String address) {
    Map<String, String> f = ConsoleHttp.form(req);
    String account = f.getOrDefault("account", "").strip();
    String user = f.getOrDefault("user", "").strip();
    String password = f.getOrDefault("password", "");
    String cookie = ConsoleHttp.cookie(req, ConsoleHttp.SIGNIN_COOKIE);
    String token = f.get("signinToken");
    if (cookie == null || token == null
        || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return form(account, user, "This sign-in form has expired. Please sign in again.", HttpResponseStatus.FORBIDDEN);
    }
    Duration wait = throttle.waitFor(account, address);
    if (!wait.isZero()) {
      return form(account, user, "Too many failed sign-ins. Try again in " + Math.max(1, (wait.toMillis() + 999) / 1000)
          + " seconds.", HttpResponseStatus.TOO_MANY_REQUESTS);
    }
    Optional<Account> acct = identity.accountSignedInto(account);
    // Checked even without an account, so a wrong account name costs as long as a wrong password.
    boolean good = logins.verify(acct.map(Account::accountNumber).orElse(""), user, password) && acct.isPresent();
    Optional<Caller> caller = good ? identity.callerForUser(acct.get().accountNumber(), user) : Optional.empty();
    if (caller.isEmpty()) {
      throttle.failed(account, address);
      LOG.info("console sign-in refused: account {} user {} from {}", account, user, address);
      return form(account, user, "The account, user name or password is not right.", HttpResponseStatus.UNAUTHORIZED);
    }
    throttle.succeeded(account, address);
    ConsoleSessions.Session s = sessions.open(caller.get());
    LOG.info("console sign-in: {}/{} from {}", caller.get().accountName(), user, address);
    FullHttpResponse r = ConsoleHttp.redirect(ConsoleService.PATH + "/");
    ConsoleHttp.setCookie(r, ConsoleHttp.SESSION_COOKIE, s.id(), -1); // a browser session's cookie
    ConsoleHttp.clearCookie(r, ConsoleHttp.SIGNIN_COOKIE);
    return r;
  }

  FullHttpResponse signOut(ConsoleRequest r) {
    sessions.close(r.session().id());
    FullHttpResponse out = ConsoleHttp.redirect(ConsoleService.PATH + "/signin");
    ConsoleHttp.clearCookie(out, ConsoleHttp.SESSION_COOKIE);
    return out;
  }
}
