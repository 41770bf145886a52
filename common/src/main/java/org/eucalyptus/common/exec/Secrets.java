package org.eucalyptus.common.exec;

import java.util.List;

/**
 * Values a command is given that must not be written anywhere else (a CHAP password on tgtadm's
 * command line): {@link CommandRunner} shows each as {@value #SHOWN} in its log lines and in a
 * failure's message and kept output, while the command itself gets them as they are.
 */
public final class Secrets {
  /** What a secret is shown as. */
  public static final String SHOWN = "******";
  /** No secrets: everything is shown as it is. */
  public static final Secrets NONE = new Secrets(List.of());

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  /** These values, each hidden wherever it appears; null and empty ones are ignored. */
  public static Secrets of(String... values) {
    return new Secrets(java.util.Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).toList());
  }

  /** {@code text} with every secret in it replaced by {@value #SHOWN}. */
  String hide(String text) {
    String out = text;
    for (String v : values) {
      out = out.replace(v, SHOWN);
    }
    return out;
  }
}
