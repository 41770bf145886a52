package org.eucalyptus.clc.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** How an interval of holding splits across the clock's hours, to the millisecond. */
final class HourlyUsage {
  static final Duration HOUR = Duration.ofHours(1);

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

  /** [since, until) cut at every hour: each hour it touches with the milliseconds it spends there. */
  static List<Share> split(Instant since, Instant until) {
    List<Share> out = new ArrayList<>();
    for (Instant h = hourOf(since); h.isBefore(until); h = h.plus(HOUR)) {
      Instant from = since.isAfter(h) ? since : h;
      Instant to = until.isBefore(h.plus(HOUR)) ? until : h.plus(HOUR);
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
