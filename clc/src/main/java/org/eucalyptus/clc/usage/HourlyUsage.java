package org.eucalyptus.clc.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** How an interval of holding splits across the clock's hours, to the millisecond. */
final class HourlyUsage {
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);

  /** One hour's share of an interval. */
  record Share(Instant hour, long millis) {}

  private HourlyUsage() {}

  static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  /** The hour after the one {@code t} is in, or {@code t} itself when it starts an hour. */
  static Instant hourAtOrAfter(Instant t) {
    Instant h = hourOf(t);
    return h.equals(t) ? t : h.plus(HOUR);
  }

  static Instant dayOf(Instant t) {
    return t.truncatedTo(ChronoUnit.DAYS);
  }

  /** The day (UTC) after the one {@code t} is in, or {@code t} itself when it starts a day. */
  static Instant dayAtOrAfter(Instant t) {
    Instant d = dayOf(t);
    return d.equals(t) ? t : d.plus(DAY);
  }

  /** [since, until) cut at every hour: each hour it touches with the milliseconds it spends there. */
  static List<Share> split(Instant since, Instant until) {
    return split(since, until, ChronoUnit.HOURS, HOUR);
  }

  /** [since, until) cut at every day (UTC). */
  static List<Share> splitDays(Instant since, Instant until) {
    return split(since, until, ChronoUnit.DAYS, DAY);
  }

  private static List<Share> split(Instant since, Instant until, ChronoUnit unit, Duration length) {
    List<Share> out = new ArrayList<>();
    for (Instant h = since.truncatedTo(unit); h.isBefore(until); h = h.plus(length)) {
      Instant from = since.isAfter(h) ? since : h;
      Instant to = until.isBefore(h.plus(length)) ? until : h.plus(length);
      long ms = Duration.between(from, to).toMillis();
      if (ms > 0) {
        out.add(new Share(h, ms));
      }
    }
    return out;
  }

  /** The milliseconds [since, until) and [from, to) share. */
  static long overlap(Instant since, Instant until, Instant from, Instant to) {
    Instant a = since.isAfter(from) ? since : from;
    Instant b = until.isBefore(to) ? until : to;
    return b.isAfter(a) ? Duration.between(a, b).toMillis() : 0;
  }
}
