package org.eucalyptus.tools.bundle;

/** A command could not do its work, for a reason its one-line message gives the user (exit status 1). */
final class ToolFailure extends Exception {
  ToolFailure(String message) {
    super(message);
  }

  ToolFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
