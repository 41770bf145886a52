package org.eucalyptus.tools.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sources an eucarc in bash as a user does ({@code set -u}, from another directory, with an empty
 * environment) and lists what a client would trip on: a variable the eucarc exports whose value is
 * a path but not a readable file, a URL variable that is not set, a credential file not in
 * {@code AWSAccessKeyId=…/AWSSecretKey=…} form. Empty when the eucarc is whole.
 */
final class EucarcSourcing {
  /** The files euca2ools 3 and the bundle tools open, and the endpoints and ids they read. */
  private static final String SCRIPT = """
      set -u
      cd /
      . "$1" || { echo "sourcing failed"; exit 0; }
      for v in EC2_CERT EC2_PRIVATE_KEY EUCALYPTUS_CERT AWS_CREDENTIAL_FILE; do
        [ -n "${!v:-}" ] || echo "$v is not set"
      done
      for v in EC2_URL S3_URL EUARE_URL AWS_IAM_URL; do
        case "${!v:-}" in http://*|https://*) ;; *) echo "$v is not a URL: '${!v:-}'" ;; esac
      done
      for v in EC2_ACCESS_KEY EC2_SECRET_KEY EC2_USER_ID EC2_ACCOUNT_NUMBER AWS_DEFAULT_REGION; do
        [ -n "${!v:-}" ] || echo "$v is not set"
      done
      for v in $(sed -n 's/^export \\([A-Z0-9_]*\\)=.*/\\1/p' "$1"); do
        # A secret key may begin with '/' (its alphabet is base64's): it names no file.
        case "$v" in *SECRET*) continue ;; esac
        case "${!v}" in /*) [ -f "${!v}" ] && [ -r "${!v}" ] || echo "$v names no readable file: ${!v}" ;; esac
      done
      if [ -n "${AWS_CREDENTIAL_FILE:-}" ] && [ -r "$AWS_CREDENTIAL_FILE" ]; then
        grep -qx "AWSAccessKeyId=$EC2_ACCESS_KEY" "$AWS_CREDENTIAL_FILE" || echo "AWS_CREDENTIAL_FILE has no AWSAccessKeyId line"
        grep -qx "AWSSecretKey=$EC2_SECRET_KEY" "$AWS_CREDENTIAL_FILE" || echo "AWS_CREDENTIAL_FILE has no AWSSecretKey line"
      fi
      """;

  private EucarcSourcing() {}

  /** What is wrong with {@code eucarc}, one line per problem; empty when nothing is. */
  static List<String> problems(Path eucarc) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("env", "-i", "PATH=/usr/bin:/bin", "bash", "-c", SCRIPT, "check",
        eucarc.toAbsolutePath().toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return List.of("bash exited with " + (p.isAlive() ? "a timeout" : p.exitValue()) + ": " + out);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
