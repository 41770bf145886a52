package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who reads which usage (GetUsageReport): the cloud's administrator any account's, or every account's;
 * an account's administrator only their own, whatever Account they name; a plain user nothing. And the
 * times it takes: ISO-8601 in the years 1970 to 9999, the end after the start, at most ten years apart.
 */
@IntegrationTest
class UsageReportAccessTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner acme;
  static AccessKeyOwner other;
  static AccessKeyOwner dev;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    acme = f.newAccount("acme");
    other = f.newAccount("other");
    new IamDirectory(f.clc.identity(), f.clc.ca()).createUser(acme.accountNumber(), "dev", "/");
    dev = f.clc.identity().createAccessKey("acme", "dev");
    // An hour of instance usage for each account, as the recorder would have rolled it up (by hour and by day).
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password())) {
      for (String[] t : new String[][] {{"usage_hourly", "hour_start", "2026-11-01T10:00:00Z"},
          {"usage_daily", "day_start", "2026-11-01T00:00:00Z"}}) {
        try (PreparedStatement st = c.prepareStatement("insert into " + t[0] + " (" + t[1] + ", account_number, user_id,"
            + " zone, kind, detail, held_ms, gib_ms, core_ms, memory_mb_ms) values (?, ?, ?, 'zone-a', 'instance',"
            + " 'm1.small', 3600000, 0, 3600000, 460800000)")) {
          for (AccessKeyOwner a : new AccessKeyOwner[] {acme, other}) {
            st.setObject(1, Instant.parse(t[2]).atOffset(ZoneOffset.UTC));
            st.setString(2, a.accountNumber());
            st.setString(3, a.userId());
            st.executeUpdate();
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  static HttpResponse<String> report(AccessKeyOwner who, String start, String end, String account) throws Exception {
    return report(who, start, end, account, Map.of());
  }

  static HttpResponse<String> report(AccessKeyOwner who, String start, String end, String account,
      Map<String, String> more) throws Exception {
    Map<String, String> p = new LinkedHashMap<>(more);
    p.put("Action", "GetUsageReport");
    p.put("Version", "2012-05-01");
    p.put("StartTime", start);
    p.put("EndTime", end);
    if (account != null) {
      p.put("Account", account);
    }
    String body = QuerySigner.formBody(p);
    URI uri = URI.create(f.base() + CloudController.CONFIGURATION_PATH);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(who.accessKeyId(), who.secretKey(), "eucalyptus", "ec2").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theCloudAdministratorReadsAnyAccountAndEveryAccount() throws Exception {
    HttpResponse<String> all = report(f.clc.admin(), "2026-11-01", "2026-11-02", null);
    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    assertThat(all.body()).contains("<accountNumber>" + acme.accountNumber() + "</accountNumber>",
        "<accountNumber>" + other.accountNumber() + "</accountNumber>", "<hours>1</hours>");
    HttpResponse<String> one = report(f.clc.admin(), "2026-11-01", "2026-11-02", "other");
    assertThat(one.body()).contains("<accountName>other</accountName>").doesNotContain(acme.accountNumber());
    assertThat(report(f.clc.admin(), "2026-11-01", "2026-11-02", "no-such-account").statusCode()).isEqualTo(404);
    // With the instance hours over time: 24 hours, the hour from 10:00 holding both accounts' hour.
    HttpResponse<String> series = report(f.clc.admin(), "2026-11-01", "2026-11-02", null, Map.of("SeriesPeriods", "24"));
    assertThat(series.body().split("<instanceHours>", -1)).hasSize(25);
    assertThat(series.body()).contains("<startTime>2026-11-01T10:00:00Z</startTime><endTime>2026-11-01T11:00:00Z"
        + "</endTime><instanceHours>2</instanceHours>", "<instanceHours>0</instanceHours>");
    for (String bad : new String[] {"0", "101", "many"}) {
      HttpResponse<String> r = report(f.clc.admin(), "2026-11-01", "2026-11-02", null, Map.of("SeriesPeriods", bad));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void anAccountsAdministratorReadsOnlyTheirOwnWhateverTheyAskFor() throws Exception {
    for (String asked : new String[] {null, "other", other.accountNumber(), "acme"}) {
      HttpResponse<String> r = report(acme, "2026-11-01", "2026-11-02", asked);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("<accountNumber>" + acme.accountNumber() + "</accountNumber>")
          .doesNotContain(other.accountNumber());
    }
  }

  @Test
  void aPlainUserIsRefused() throws Exception {
    HttpResponse<String> r = report(dev, "2026-11-01", "2026-11-02", null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>AuthFailure</Code>").doesNotContain("<usageSet>");
  }

  @Test
  void timesOutsideTheYearsItKnowsOrOutOfOrderAreRefusedInEc2sWords() throws Exception {
    for (String[] t : new String[][] {{"1969-12-31", "2026-11-02"}, {"2026-11-01", "+10000-01-01T00:00:00Z"},
        {"2026-11-02", "2026-11-01"}, {"2000-01-01", "2026-11-01"}, {"yesterday", "2026-11-01"}}) {
      HttpResponse<String> r = report(f.clc.admin(), t[0], t[1], null);
      assertThat(r.statusCode()).as(String.join(" to ", t)).isEqualTo(400);
      assertThat(r.body()).contains("<Code>InvalidParameterValue</Code>");
    }
    assertThat(report(f.clc.admin(), "9999-12-30", "9999-12-31T23:59:59Z", null).statusCode()).isEqualTo(200);
  }
}
