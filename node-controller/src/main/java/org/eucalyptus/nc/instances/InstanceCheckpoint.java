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
  /** The instance's EBS volumes, one a line (absent in older checkpoints: none). */
  static final String VOLUMES = "volumes";

  /** An instance as found on disk; {@code launching}: its domain has not been started yet. */
  public record Saved(LaunchOrder request, List<Path> images, java.time.Instant launchTime, boolean launching,
      List<VolumeAttachment> volumes) {}

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
      Path volumesFile = workDir.resolve(VOLUMES);
      List<VolumeAttachment> volumes = Files.exists(volumesFile) ? Files.readAllLines(volumesFile).stream()
          .filter(l -> !l.isBlank()).map(InstanceCheckpoint::volume).toList() : List.of();
      return new Saved(r, images, Files.getLastModifiedTime(req).toInstant(),
          Files.exists(workDir.resolve(LAUNCHING)), volumes);
    } catch (Exception e) { // unreadable: IO, not XML, not a request, a malformed number
      return null;
    }
  }

  /**
   * Records an instance's volumes: one line each, its fields tab-separated and URL-encoded (the
   * CHAP password as the storage controller sealed it, so nothing here opens it).
   */
  public static void writeVolumes(Path workDir, List<VolumeAttachment> volumes) throws IOException {
    StringBuilder out = new StringBuilder();
    for (VolumeAttachment v : volumes) {
      out.append(String.join("\t", java.util.stream.Stream.of(v.volumeId(), v.remoteDev(), v.localDev(),
          v.targetDev(), v.chapUser(), v.chapPassword(), v.state().wireName(), v.reason())
          .map(InstanceCheckpoint::encode).toList())).append('\n');
    }
    atomically(workDir.resolve(VOLUMES), out.toString());
  }

  private static VolumeAttachment volume(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 8) {
      throw new IllegalArgumentException("not a volume record: " + line);
    }
    return new VolumeAttachment(decode(f[0]), decode(f[1]), decode(f[2]), decode(f[3]), decode(f[4]), decode(f[5]),
        VolumeAttachment.State.parse(decode(f[6])), decode(f[7]));
  }

  /** "-" stands for null (an encoded value never is "-" alone: URL-encoding leaves it, so "-" is escaped). */
  private static String encode(String v) {
    return v == null ? "-" : v.equals("-") ? "%2D" : java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String decode(String f) {
    return f.equals("-") ? null : java.net.URLDecoder.decode(f, java.nio.charset.StandardCharsets.UTF_8);
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
