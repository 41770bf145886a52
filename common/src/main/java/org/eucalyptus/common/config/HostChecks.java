package org.eucalyptus.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * The small host checks the components' preflights are made of. Each returns a problem sentence
 * (with what to do about it) or null when all is well. Network checks run with {@code prefix}
 * before the command (a component whose networking lives in a namespace of its own).
 */
public final class HostChecks {
  private final CommandRunner commands = new CommandRunner(Duration.ofSeconds(10));
  private final List<String> prefix;

  public HostChecks(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /** A program on PATH (or in the sbin directories, where root's tools live). */
  public static String program(String name, String pkg) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return null;
      }
    }
    return name + " is not installed (apt-get install " + pkg + ")";
  }

  /** A directory the component can create and write in. */
  public static String writableDir(String what, Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".preflight", "");
      Files.delete(probe);
      return null;
    } catch (IOException | RuntimeException e) {
      return what + " " + dir + " cannot be written: " + e.getMessage();
    }
  }

  /** At least {@code minGb} free under {@code dir} (which must exist). */
  public static String freeSpace(String what, Path dir, long minGb) {
    try {
      long free = Files.getFileStore(dir).getUsableSpace() >> 30;
      return free >= minGb ? null : what + " " + dir + " has " + free + " GB free; it needs " + minGb + " GB";
    } catch (IOException e) {
      return what + " " + dir + ": " + e.getMessage();
    }
  }

  /** A network interface (or bridge) that exists on this host. */
  public String netInterface(String key, String name) {
    if (name == null || name.isBlank()) {
      return key + " is not set";
    }
    try {
      List<String> argv = new ArrayList<>(prefix);
      argv.addAll(List.of("ip", "-o", "link", "show", "dev", name));
      return commands.runAllowingFailure(argv, null).exitStatus() == 0 ? null
          : key + "=" + name + ": there is no such interface on this host";
    } catch (CommandRunner.CommandException e) {
      return "the interfaces cannot be listed (ip: " + e.getMessage() + "); apt-get install iproute2";
    }
  }

  /** A sysctl-style file under /proc/sys, read in the component's namespace; null if it is missing. */
  public String procSys(String path) {
    try {
      List<String> argv = new ArrayList<>(prefix);
      argv.addAll(List.of("cat", "/proc/sys/" + path));
      CommandRunner.Result r = commands.runAllowingFailure(argv, null);
      return r.exitStatus() == 0 ? r.stdout().strip() : null;
    } catch (CommandRunner.CommandException e) {
      return null;
    }
  }

  /** The problems that are not null. */
  public static List<String> collect(String... problems) {
    List<String> out = new ArrayList<>();
    for (String p : problems) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }
}
