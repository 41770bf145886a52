package org.eucalyptus.clc.api;

import java.util.List;
import java.util.regex.Pattern;

/** EC2 filter values: {@code *} matches any run of characters, {@code ?} any one. */
public final class Glob {
  private Glob() {}

  public static boolean matchesAny(List<String> patterns, String value) {
    if (value == null) {
      return false;
    }
    for (String p : patterns) {
      if (matches(p, value)) {
        return true;
      }
    }
    return false;
  }

  public static boolean matches(String pattern, String value) {
    if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
      return pattern.equals(value);
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return value.matches(re.toString());
  }
}
