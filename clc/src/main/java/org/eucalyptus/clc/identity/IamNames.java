package org.eucalyptus.clc.identity;

import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.ResourceKind;

/** IAM's rules for the names and paths of users and groups, as AWS states them. */
public final class IamNames {
  private static final String PATH = "/([\\x21-\\x7E]*/)?";
  private static final String PATH_PREFIX = "/[\\x21-\\x7E]*";
  private static final int MAX_PATH = 512;

  private IamNames() {}

  static void checkUserName(String name) throws InvalidException {
    if (name == null || !name.matches("[\\w+=,.@-]{1,64}")) {
      throw new InvalidException(ResourceKind.USER, "User names are 1 to 64 letters, digits or +=,.@_- characters");
    }
  }

  static void checkGroupName(String name) throws InvalidException {
    if (name == null || !name.matches("[\\w+=,.@-]{1,128}")) {
      throw new InvalidException(ResourceKind.GROUP,
          "Group names are 1 to 128 letters, digits or +=,.@_- characters");
    }
  }

  /** A path (null: {@code /}), which starts and ends with {@code /}. */
  static String path(String path, ResourceKind kind) throws InvalidException {
    String p = path == null ? "/" : path;
    if (p.length() > MAX_PATH || !p.matches(PATH)) {
      throw new InvalidException(kind, "Paths start and end with / (e.g. /division/team/), at most " + MAX_PATH
          + " printable characters");
    }
    return p;
  }

  /** A path prefix to list by (null: {@code /}, everything), which starts with {@code /}. */
  public static String pathPrefix(String prefix, ResourceKind kind) throws InvalidException {
    String p = prefix == null ? "/" : prefix;
    if (p.length() > MAX_PATH || !p.matches(PATH_PREFIX)) {
      throw new InvalidException(kind, "A path prefix starts with / (e.g. /division/), at most " + MAX_PATH
          + " printable characters");
    }
    return p;
  }
}
