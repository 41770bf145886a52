package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What the node keeps in an instance's work directory so that, restarted, it can adopt the guest
 * again: the request that created it ({@code instance.xml}, the ncRunInstance element as received, written
 * before the node acknowledges the launch), the cached images its disks are built on ({@code images})
 * and, until its domain has been started, {@code launching}: a restarted node that finds it knows
 * the launch was cut short and runs it again, rather than taking the guest for ended (a record
 * without it, as older nodes wrote them, is of a started domain).
 */
public final class InstanceCheckpoint {
  static final String REQUEST = "instance.xml";
  static final String IMAGES = "images";
  static final String LAUNCHING = "launching";

  /** An instance as found on disk; {@code launching}: its domain has not been started yet. */
  public record Saved(LaunchOrder request, List<Path> images, java.time.Instant launchTime, boolean launching) {}

  private InstanceCheckpoint() {}

  static void write(Path workDir, LaunchOrder request, List<Path> images) throws IOException {
    Files.createDirectories(workDir);
    atomically(workDir.resolve(REQUEST), LaunchOrderXml.write(request));
    atomically(workDir.resolve(IMAGES), String.join("\n", images.stream().map(Path::toString).toList()) + "\n");
  }

  /** The instance recorded in {@code workDir}, or null if there is no readable record. */
  public static Saved read(Path workDir) {
    Path req = workDir.resolve(REQUEST);
    if (!Files.isRegularFile(req)) {
      return null;
    }
    try {
      LaunchOrder r = LaunchOrderXml.read(Files.readString(req));
      Path imagesFile = workDir.resolve(IMAGES);
      List<Path> images = Files.exists(imagesFile) ? Files.readAllLines(imagesFile).stream().filter(l -> !l.isBlank())
          .map(Path::of).toList() : List.of();
      return new Saved(r, images, Files.getLastModifiedTime(req).toInstant(),
          Files.exists(workDir.resolve(LAUNCHING)));
    } catch (Exception e) { // unreadable: IO, not XML, not a request, a malformed number
      return null;
    }
  }

  /** Records a launch under way: the instance was acknowledged, its domain is not started yet. */
  static void markLaunching(Path workDir) throws IOException {
    atomically(workDir.resolve(LAUNCHING), "");
  }

  /** Records that the instance's domain has been started. */
  static void markStarted(Path workDir) throws IOException {
    Files.deleteIfExists(workDir.resolve(LAUNCHING));
  }

  private static void atomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
