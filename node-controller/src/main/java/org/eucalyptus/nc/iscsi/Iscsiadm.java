package org.eucalyptus.nc.iscsi;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.exec.Secrets;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;
import org.eucalyptus.nc.hypervisor.IscsiTarget;

/**
 * open-iscsi's iscsiadm, as the host-initiator mode uses it: sendtargets discovery that writes no
 * records, one node record per volume (its CHAP login, started by hand only), login, logout, record
 * removal. Every command through the CommandRunner; the CHAP password, which iscsiadm takes only on
 * its command line, is hidden from what is logged.
 */
public final class Iscsiadm {
  /** iscsiadm's exit status for "a session to this target exists already" (ISCSI_ERR_SESS_EXISTS). */
  static final int SESSION_EXISTS = 15;
  /** iscsiadm's exit status for "no such session or record" (ISCSI_ERR_NO_OBJS_FOUND). */
  static final int NOTHING_FOUND = 21;

  /** iscsiadm could not do it; the message says what it printed. */
  public static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  private final CommandRunner commands;

  public Iscsiadm(CommandRunner commands) {
    this.commands = commands;
  }

  /** The targets {@code portal} (host:port) offers, by sendtargets discovery; no node records are written. */
  public List<String> discover(String portal) throws Failure {
    String out = run(List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", portal, "-o",
        "nonpersistent"), Secrets.NONE).stdout();
    List<String> iqns = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.strip().split("\\s+"); // 127.0.0.1:3260,1 iqn.2010-05.org.eucalyptus:vol-1
      if (f.length == 2) {
        iqns.add(f[1]);
      }
    }
    return iqns;
  }

  /**
   * Writes the node record of {@code target}: logged in only by the node controller (node.startup
   * manual), with CHAP when {@code chapUser} is given.
   */
  public void writeRecord(IscsiTarget target, String chapUser, String chapPassword) throws Failure {
    run(node(target, "-o", "new"), Secrets.NONE);
    update(target, "node.startup", "manual", Secrets.NONE);
    if (chapUser != null) {
      update(target, "node.session.auth.authmethod", "CHAP", Secrets.NONE);
      update(target, "node.session.auth.username", chapUser, Secrets.NONE);
      update(target, "node.session.auth.password", chapPassword, Secrets.of(chapPassword));
    } else {
      update(target, "node.session.auth.authmethod", "None", Secrets.NONE);
    }
  }

  /** The node record of {@code target} as iscsiadm prints it (passwords starred), or empty when there is none. */
  public String record(IscsiTarget target) throws Failure {
    CommandRunner.Result r = runAllowingFailure(node(target));
    if (r.exitStatus() == NOTHING_FOUND) {
      return "";
    }
    if (r.exitStatus() != 0) {
      throw new Failure("iscsiadm cannot show the record of " + target.iqn() + ": " + r.stderr().strip());
    }
    return r.stdout();
  }

  /** Logs the node into {@code target}; a session there already is fine. */
  public void login(IscsiTarget target) throws Failure {
    allowing(SESSION_EXISTS, node(target, "--login"));
  }

  /** Logs the node out of {@code target}; no session there is fine. */
  public void logout(IscsiTarget target) throws Failure {
    allowing(NOTHING_FOUND, node(target, "--logout"));
  }

  /** Removes the node record of {@code target}; no record is fine. */
  public void deleteRecord(IscsiTarget target) throws Failure {
    allowing(NOTHING_FOUND, node(target, "-o", "delete"));
  }

  private void update(IscsiTarget target, String name, String value, Secrets hidden) throws Failure {
    run(node(target, "-o", "update", "-n", name, "-v", value), hidden);
  }

  private void allowing(int fine, List<String> argv) throws Failure {
    CommandRunner.Result r = runAllowingFailure(argv);
    if (r.exitStatus() != 0 && r.exitStatus() != fine) {
      String err = r.stderr().isBlank() ? r.stdout().strip() : r.stderr().strip();
      throw new Failure("iscsiadm " + String.join(" ", argv.subList(1, argv.size())) + " failed (exit "
          + r.exitStatus() + "): " + err);
    }
  }

  private CommandRunner.Result run(List<String> argv, Secrets hidden) throws Failure {
    try {
      return commands.run(argv, null, hidden);
    } catch (CommandException e) {
      throw new Failure(e.getMessage());
    }
  }

  private CommandRunner.Result runAllowingFailure(List<String> argv) throws Failure {
    try {
      return commands.runAllowingFailure(argv, null);
    } catch (CommandException e) {
      throw new Failure(e.getMessage());
    }
  }

  private static List<String> node(IscsiTarget target, String... more) {
    List<String> argv = new ArrayList<>(List.of("iscsiadm", "-m", "node", "-T", target.iqn(), "-p", target.portal()));
    argv.addAll(List.of(more));
    return argv;
  }
}
