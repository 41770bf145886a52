package org.eucalyptus.tools.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Values and names for fuzzed requests, from one seeded {@link Random}: mostly a plausible value
 * mutated (long, control characters, unicode, odd numbers, empty), sometimes the value as is, so
 * that requests get past the first checks and reach deeper ones.
 */
final class Mutations {
  /** What XML cannot carry, and the other controls the APIs refuse; tab and line ends, which they take. */
  static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085",
      "\u009f", "\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "\t", "\n", "\r\n");
  static final List<String> UNICODE = List.of("é", "日本語", "\uD83D\uDE00", "\u202Eevil", "a\u0301", "\u00A0",
      "\uFEFF", "\u200B", "Ω≈ç√", "\uD834\uDD1E");
  static final List<String> NUMBERS = List.of("-1", "0", "1", "2", "-2147483648", "2147483647", "2147483648",
      "99999999999999999999", "1e3", "0x10", "1.5", " 1", "NaN", "-0", "65535", "65536", "1001", "+5", "١");
  static final List<String> WORDS = List.of("", " ", "true", "false", "maybe", "TRUE", "%", "%%", "&", "=", "<x>",
      "]]>", "'\"", "../..", "/", "a/b", "*", "?", "default", "all", "self", "tcp", "udp", "icmp", "-1",
      "m1.small", "c1.xlarge", "0.0.0.0/0", "10.0.0.0/33", "256.1.1.1/8", "::/0", "null", "undefined", "{}", "[]",
      "AKIA0000000000000000", "i-", "sg-", "emi-", "emi-zzzzzzzz", "US", "us-east-1", "EU", "private",
      "public-read", "bucket-owner-full-control");

  final Random rnd;

  Mutations(long seed) {
    this.rnd = new Random(seed);
  }

  <T> T pick(List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  boolean chance(int percent) {
    return rnd.nextInt(100) < percent;
  }

  /** {@code seed} as is (a third of the time) or mutated one of many ways. */
  String value(String seed) {
    if (chance(33)) {
      return seed;
    }
    return switch (rnd.nextInt(12)) {
      case 0 -> seed + pick(CONTROLS);
      case 1 -> insert(seed, pick(CONTROLS));
      case 2 -> pick(CONTROLS);
      case 3 -> seed.isEmpty() ? "x".repeat(300) : seed.repeat(1 + (pick(List.of(64, 128, 256, 1025, 5000))
          / Math.max(1, seed.length())));
      case 4 -> "x".repeat(pick(List.of(127, 128, 255, 256, 257, 1024, 1025, 4097, 21849)));
      case 5 -> pick(NUMBERS);
      case 6 -> pick(WORDS);
      case 7 -> insert(seed, pick(UNICODE));
      case 8 -> "";
      case 9 -> seed + seed;
      case 10 -> replaceOne(seed);
      default -> random(1 + rnd.nextInt(40));
    };
  }

  /** A parameter name, sometimes with its index or spelling changed. */
  String name(String name) {
    if (chance(85)) {
      return name;
    }
    return switch (rnd.nextInt(7)) {
      case 0 -> name.replaceAll("\\.\\d+", "." + pick(List.of("0", "-1", "99999999", "1.1", "x", "")));
      case 1 -> name.toLowerCase(Locale.ROOT);
      case 2 -> name + "." + pick(List.of("1", "Name", "Value.1", "x"));
      case 3 -> name + pick(CONTROLS);
      case 4 -> pick(UNICODE) + name;
      case 5 -> random(1 + rnd.nextInt(20));
      default -> name.isEmpty() ? "x" : name.substring(0, rnd.nextInt(name.length()));
    };
  }

  String insert(String s, String what) {
    int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
    return s.substring(0, at) + what + s.substring(at);
  }

  private String replaceOne(String s) {
    if (s.isEmpty()) {
      return pick(CONTROLS);
    }
    int at = rnd.nextInt(s.length());
    String by = chance(50) ? pick(CONTROLS) : pick(List.of("%", "&", "<", "'", "\"", "/", " ", "+", "=", ";"));
    return s.substring(0, at) + by + s.substring(at + 1);
  }

  /** Printable ASCII and a little else. */
  String random(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(chance(90) ? (char) (0x21 + rnd.nextInt(0x5E)) : pick(UNICODE).charAt(0));
    }
    return b.toString();
  }

  byte[] bytes(int length) {
    byte[] b = new byte[length];
    rnd.nextBytes(b);
    return b;
  }

  /**
   * {@code s} as XML element text, the way a client that can write XML would send it: markup escaped,
   * and the controls XML has no way to write turned into C1 ones (which it can carry, and the door refuses).
   */
  static String xmlText(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        b.append("&lt;");
      } else if (c == '&') {
        b.append("&amp;");
      } else if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0xD800 && c <= 0xDFFF) || c >= 0xFFFE || c == '\r') {
        b.append('\u0085');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
