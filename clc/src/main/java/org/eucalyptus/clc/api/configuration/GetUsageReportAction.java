package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.usage.UsageReport;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * A usage report (euca-admin report, the console's reports page): for StartTime to EndTime (ISO-8601,
 * at most ten years apart), every account's usage or one account's (Account: a name or number), by
 * user, zone, kind and type. The cloud's administrator may ask for any account; an account's admin
 * only for their own, which they get whatever Account says; anyone else is refused. With SeriesPeriods
 * (1 to 100) it adds instance hours over time: the range cut into that many periods of at least an hour.
 */
public final class GetUsageReportAction implements QueryAction {
  static final Duration LONGEST = Duration.ofDays(3653);
  static final Instant EARLIEST = Instant.EPOCH;
  static final int MOST_PERIODS = 100;
  static final Instant LATEST = java.time.LocalDate.of(10_000, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

  private final UsageReport report;
  private final IdentityStore identity;
  private final Clock clock;

  public GetUsageReportAction(UsageReport report, IdentityStore identity, Clock clock) {
    this.report = report;
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    var caller = req.caller();
    if (!caller.admin() && !caller.accountAdmin()) {
      throw new ApiException("AuthFailure", "Only the cloud's administrator and accounts' administrators read usage"
          + " reports", HttpResponseStatus.FORBIDDEN);
    }
    Instant start = time(req, "StartTime");
    Instant end = time(req, "EndTime");
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(LONGEST) > 0) {
      throw new ApiException("InvalidParameterValue", "EndTime must come after StartTime, at most ten years later.");
    }
    String account = null;
    String asked = req.param("Account");
    if (!caller.admin()) {
      account = caller.accountNumber(); // an account's admin sees their own account only
    } else if (asked != null && !asked.isBlank()) {
      Optional<Account> a = identity.accountSignedInto(asked);
      if (a.isEmpty()) {
        throw new ApiException("NoSuchEntity", "No account " + asked + ".", HttpResponseStatus.NOT_FOUND);
      }
      account = a.get().accountNumber();
    }
    Map<String, String> accounts = identity.listAccounts().stream()
        .collect(Collectors.toMap(Account::accountNumber, Account::name));
    Map<String, String> users = identity.userNames();
    if (req.param("SeriesPeriods") != null) { // checked before any work
      int n = req.intParam("SeriesPeriods", 1);
      if (n < 1 || n > MOST_PERIODS) {
        throw new ApiException("InvalidParameterValue", "SeriesPeriods must be 1 to " + MOST_PERIODS + ", not " + n
            + ".");
      }
    }
    XmlWriter x = req.response().element("startTime", start.toString()).element("endTime", end.toString())
        .start("usageSet");
    for (UsageReport.Line l : report.between(start, end, clock.instant(), account)) {
      x.start("item").element("accountNumber", l.account())
          .element("accountName", accounts.getOrDefault(l.account(), ""))
          .element("userId", l.user()).element("userName", users.getOrDefault(l.user(), ""))
          .element("zone", l.zone()).element("kind", l.kind()).element("type", l.detail())
          .element("hours", number(l.hours())).element("gibHours", number(l.gibHours()))
          .element("coreHours", number(l.coreHours())).element("memoryGibHours", number(l.memoryGibHours()))
          .element("byteHours", number(l.byteHours())).element("requests", Long.toString(l.requests()))
          .end();
    }
    x.end();
    if (req.param("SeriesPeriods") != null) {
      series(x, start, end, req.intParam("SeriesPeriods", 1), account);
    }
    return req.finish(x);
  }

  /** Instance hours in each period: the range in {@code n} steps of at least an hour (the last one shorter). */
  private void series(XmlWriter x, Instant start, Instant end, int n, String account) {
    long step = Math.max(3_600_000L, Duration.between(start, end).toMillis() / n);
    Instant now = clock.instant();
    x.start("seriesSet");
    for (Instant t = start; t.isBefore(end); t = t.plusMillis(step)) {
      Instant next = t.plusMillis(step).isAfter(end) ? end : t.plusMillis(step);
      double hours = report.between(t, next, now, account).stream().filter(l -> l.kind().equals("instance"))
          .mapToDouble(UsageReport.Line::hours).sum();
      x.start("item").element("startTime", t.toString()).element("endTime", next.toString())
          .element("instanceHours", number(hours)).end();
    }
    x.end();
  }

  private static Instant time(QueryRequest req, String name) throws ApiException {
    String v = req.required(name);
    Instant t;
    try {
      t = Instant.parse(v.length() == 10 ? v + "T00:00:00Z" : v);
    } catch (DateTimeParseException e) {
      throw new ApiException("InvalidParameterValue", name + " must be an ISO-8601 time such as 2026-12-01T00:00:00Z"
          + " or a date such as 2026-12-01, not " + v + ".");
    }
    if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
      throw new ApiException("InvalidParameterValue", name + " must be in the years 1970 to 9999, not " + v + ".");
    }
    return t;
  }

  /** Hours to the millisecond's precision (1/3,600,000), without an exponent. */
  static String number(double v) {
    return new java.math.BigDecimal(v).setScale(7, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
