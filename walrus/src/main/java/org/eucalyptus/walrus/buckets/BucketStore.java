package org.eucalyptus.walrus.buckets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Buckets as directories under the storage root, each with its owner's account number in an
 * {@code .owner} file written before the directory becomes visible (temp dir, then atomic rename).
 */
public final class BucketStore {
  public record Bucket(String name, String ownerAccount, Instant created) {}

  private final Path root;

  public BucketStore(Path storageDir) throws IOException {
    this.root = storageDir.resolve("buckets");
    Files.createDirectories(root);
    Files.createDirectories(storageDir.resolve("tmp"));
  }

  public List<Bucket> listOwnedBy(String account) throws IOException {
    List<Bucket> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        Optional<Bucket> b = read(d);
        if (b.isPresent() && b.get().ownerAccount().equals(account)) {
          out.add(b.get());
        }
      }
    }
    return out;
  }

  public Optional<Bucket> find(String name) throws IOException {
    return read(root.resolve(name));
  }

  /**
   * Creates a bucket.
   *
   * @return false if a bucket with that name already exists
   */
  public boolean create(String name, String ownerAccount) throws IOException {
    Path target = root.resolve(name);
    if (Files.exists(target)) {
      return false;
    }
    Path tmp = Files.createTempDirectory(root.resolveSibling("tmp"), "bucket-");
    Files.writeString(tmp.resolve(".owner"), ownerAccount, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target);
      return true;
    } catch (FileAlreadyExistsException e) {
      Files.delete(tmp.resolve(".owner"));
      Files.delete(tmp);
      return false;
    }
  }

  private static Optional<Bucket> read(Path dir) throws IOException {
    Path owner = dir.resolve(".owner");
    if (!Files.isRegularFile(owner)) {
      return Optional.empty();
    }
    Instant created = Files.readAttributes(dir, BasicFileAttributes.class).creationTime().toInstant();
    return Optional.of(new Bucket(dir.getFileName().toString(), Files.readString(owner).strip(), created));
  }

  /** S3's rules for bucket names (DNS-compatible form). */
  public static boolean validName(String name) {
    return name.length() >= 3 && name.length() <= 63
        && name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
        && !name.contains("..")
        && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }
}
