package org.eucalyptus.sc.iscsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;
import org.eucalyptus.common.exec.Secrets;

/**
 * tgt's administration: every call is {@code tgtadm -C <control port> --lld iscsi ...} through the
 * CommandRunner, so a storage controller with its own tgtd never touches the host's.
 */
public final class TgtAdmin {
  private final CommandRunner runner;
  private final int controlPort;

  public TgtAdmin(CommandRunner runner, int controlPort) {
    this.runner = runner;
    this.controlPort = controlPort;
  }

  public int controlPort() {
    return controlPort;
  }

  public List<TgtTarget> targets() throws CommandException {
    return TgtShow.targets(tgtadm("--op", "show", "--mode", "target").stdout());
  }

  public List<String> accounts() throws CommandException {
    return TgtShow.accounts(tgtadm("--op", "show", "--mode", "account").stdout());
  }

  /** A new target {@code iqn} with LUN 1 the block device or file at {@code backing}. */
  public void newTarget(int tid, String iqn, String backing) throws CommandException {
    tgtadm("--op", "new", "--mode", "target", "--tid", String.valueOf(tid), "-T", iqn);
    try {
      tgtadm("--op", "new", "--mode", "logicalunit", "--tid", String.valueOf(tid), "--lun", "1", "-b", backing);
    } catch (CommandException e) {
      deleteTarget(tid);
      throw e;
    }
  }

  /** Removes a target even while initiators are logged in (their sessions end). */
  public void deleteTarget(int tid) throws CommandException {
    tgtadm("--op", "delete", "--mode", "target", "--tid", String.valueOf(tid), "--force");
  }

  /** A CHAP account; its password is masked in the runner's log lines and failure messages. */
  public void newAccount(String user, String password) throws CommandException {
    runner.run(argv("--op", "new", "--mode", "account", "--user", user, "--password", password), null,
        Secrets.of(password));
  }

  public void deleteAccount(String user) throws CommandException {
    tgtadm("--op", "delete", "--mode", "account", "--user", user);
  }

  public void bindAccount(int tid, String user) throws CommandException {
    tgtadm("--op", "bind", "--mode", "account", "--tid", String.valueOf(tid), "--user", user);
  }

  public void unbindAccount(int tid, String user) throws CommandException {
    tgtadm("--op", "unbind", "--mode", "account", "--tid", String.valueOf(tid), "--user", user);
  }

  /** Lets initiators from {@code address} (or ALL) reach the target. */
  public void bindInitiator(int tid, String address) throws CommandException {
    tgtadm("--op", "bind", "--mode", "target", "--tid", String.valueOf(tid), "-I", address);
  }

  public void unbindInitiator(int tid, String address) throws CommandException {
    tgtadm("--op", "unbind", "--mode", "target", "--tid", String.valueOf(tid), "-I", address);
  }

  /** Sets a target's state (ready, offline). */
  public void targetState(int tid, String state) throws CommandException {
    tgtadm("--op", "update", "--mode", "target", "--tid", String.valueOf(tid), "--name", "state", "--value", state);
  }

  /** Sets one of a target's iSCSI login parameters (offered from the next login on). */
  public void targetParam(int tid, String name, String value) throws CommandException {
    tgtadm("--op", "update", "--mode", "target", "--tid", String.valueOf(tid), "--name", name, "--value", value);
  }

  /** A target's iSCSI login parameters as tgt offers them, by name. */
  public Map<String, String> targetParams(int tid) throws CommandException {
    return TgtShow.params(tgtadm("--op", "show", "--mode", "target", "--tid", String.valueOf(tid)).stdout());
  }

  /** Answers at all: tgtd is up on the control port. */
  public boolean answers() {
    try {
      return runner.runAllowingFailure(argv("--op", "show", "--mode", "sys"), null).exitStatus() == 0;
    } catch (CommandException e) {
      return false;
    }
  }

  private CommandRunner.Result tgtadm(String... args) throws CommandException {
    return runner.run(argv(args), null);
  }

  private List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of("tgtadm", "-C", String.valueOf(controlPort), "--lld", "iscsi"));
    argv.addAll(List.of(args));
    return argv;
  }
}
