package org.eucalyptus.clc.api.images;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.function.BooleanSupplier;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.images.WalrusManifests;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.SecretKeyResolver;
import org.eucalyptus.common.images.BundleManifest;
import org.eucalyptus.common.pki.AccountCertificates;
import java.util.List;
import org.eucalyptus.clc.images.BlockDeviceMapping;
import org.eucalyptus.clc.storage.SnapshotLookup;

/**
 * Registers an image. The usual location is a bundle manifest in Walrus ({@code bucket/name.manifest.xml},
 * as euca-register and {@code aws ec2 register-image} send it): the CLC reads it from Walrus as the
 * caller, checks that the caller's account bundled and signed it, and takes the image's type
 * (machine, kernel or ramdisk: {@code emi-}, {@code eki-}, {@code eri-}), architecture and default
 * kernel and ramdisk from it. The cloud administrator may also register a file the nodes can read
 * ({@code file://}) or an {@code http(s)://} URL, without a bundle. Without a location, and with a
 * RootDeviceName or block device mappings, the image is EBS-backed (see {@link #registerEbs}).
 */
public final class RegisterImageAction implements QueryAction {
  private final ImageStore images;
  private final BooleanSupplier publicByDefault;
  private final WalrusManifests manifests;
  private final SecretKeyResolver keys;
  private final AccountCertificates certificates;
  private final SnapshotLookup snapshots;

  /** @param publicByDefault cloud.images.default_visibility: whether new images can be launched by every account */
  public RegisterImageAction(ImageStore images, BooleanSupplier publicByDefault, WalrusManifests manifests,
      SecretKeyResolver keys, AccountCertificates certificates, SnapshotLookup snapshots) {
    this.images = images;
    this.snapshots = snapshots;
    this.publicByDefault = publicByDefault;
    this.manifests = manifests;
    this.keys = keys;
    this.certificates = certificates;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    List<BlockDeviceMapping> mappings = BlockDeviceMappingParams.read(req);
    if (req.param("ImageLocation") == null && (req.param("RootDeviceName") != null || !mappings.isEmpty())) {
      return registerEbs(req, mappings);
    }
    String location = req.required("ImageLocation").trim();
    // What the images table keeps, checked here rather than by the database.
    if (location.length() > 1024) {
      throw ApiException.invalid("ImageLocation", location, "It is at most 1024 characters.");
    }
    String description = req.param("Description");
    if (description != null && description.length() > 255) {
      throw ApiException.invalid("Description", description, "Descriptions are at most 255 characters.");
    }
    if (location.contains("://")) {
      return registerUrl(req, location);
    }
    String path = location.startsWith("/") ? location.substring(1) : location;
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw ApiException.invalid("ImageLocation", location, "It must be bucket/path-of.manifest.xml.");
    }
    String bucket = path.substring(0, slash);
    String key = path.substring(slash + 1);
    if (req.caller().accessKeyId() == null) {
      throw new ApiException("AuthFailure", "Reading the manifest from Walrus takes an active access key of yours,"
          + " and you have none.", HttpResponseStatus.UNAUTHORIZED);
    }
    AccessKeyOwner who = keys.resolve(req.caller().accessKeyId()).orElseThrow(() ->
        new ApiException("AuthFailure", "Your access key is no longer active.", HttpResponseStatus.UNAUTHORIZED));
    String document;
    BundleManifest m;
    try {
      document = manifests.read(bucket, key, who);
      m = BundleManifest.parse(document);
    } catch (WalrusManifests.UnreadableManifestException | BundleManifest.InvalidManifestException e) {
      throw invalidManifest(e.getMessage());
    }
    String account = req.caller().accountNumber();
    if (m.user() != null && !m.user().isEmpty() && !m.user().equals(account)) {
      throw invalidManifest("The manifest was bundled for account " + m.user() + ", not yours (" + account + ").");
    }
    if (!signedByAccount(document, m, account)) {
      throw invalidManifest("The manifest's signature does not verify with any signing certificate of your account.");
    }
    String arch = architecture(req.param("Architecture") != null ? req.param("Architecture")
        : m.architecture() != null ? m.architecture() : "x86_64");
    String kernelId = null;
    String ramdiskId = null;
    if (m.imageType().equals("machine")) {
      kernelId = reference(req, "KernelId", req.param("KernelId") != null ? req.param("KernelId") : m.kernelId(),
          "kernel");
      ramdiskId = reference(req, "RamdiskId", req.param("RamdiskId") != null ? req.param("RamdiskId") : m.ramdiskId(),
          "ramdisk");
    }
    String name = name(req, m.imageName() != null && !m.imageName().isEmpty() ? m.imageName()
        : key.replaceAll("\\.manifest\\.xml$", ""));
    Image image = images.register(claim(req), name, req.param("Description"), bucket + "/" + key, m.imageType(), arch,
        kernelId, ramdiskId, publicByDefault.getAsBoolean());
    return req.response().element("imageId", image.imageId()).toString();
  }

  /**
   * An EBS-backed machine image (EC2's RegisterImage without ImageLocation): its root device is
   * RootDeviceName, whose mapping names a snapshot the caller may create volumes from; a volume
   * size given is at least the snapshot's. Launching it makes the root volume from that snapshot.
   */
  private String registerEbs(QueryRequest req, List<BlockDeviceMapping> mappings)
      throws ApiException, DomainException {
    String description = req.param("Description");
    if (description != null && description.length() > 255) {
      throw ApiException.invalid("Description", description, "Descriptions are at most 255 characters.");
    }
    String name = req.required("Name");
    name(req, name);
    String rootDevice = req.param("RootDeviceName") == null ? Image.DEFAULT_ROOT_DEVICE
        : BlockDeviceMappingParams.canonical(req.param("RootDeviceName"));
    if (!rootDevice.matches("/dev/[a-z]{2,4}[a-z]?[0-9]{0,2}")) {
      throw ApiException.invalid("RootDeviceName", req.param("RootDeviceName"), "It is a device such as /dev/sda1.");
    }
    BlockDeviceMapping root = mappings.stream()
        .filter(m -> BlockDeviceMappingParams.canonical(m.deviceName()).equals(rootDevice)).findFirst()
        .orElseThrow(() -> ApiException.invalid("RootDeviceName", rootDevice,
            "No BlockDeviceMapping names the root device with an EBS snapshot."));
    if (!root.isEbs() || root.snapshotId() == null) {
      throw ApiException.invalid("BlockDeviceMapping", rootDevice,
          "The root device's mapping must name a snapshot (Ebs.SnapshotId).");
    }
    String account = req.caller().accountNumber();
    List<BlockDeviceMapping> sized = new java.util.ArrayList<>();
    for (BlockDeviceMapping m : mappings) {
      if (m.snapshotId() == null) {
        sized.add(m);
        continue;
      }
      int snapshotSize = snapshots.restorableSize(account, m.snapshotId());
      if (m.volumeSizeGiB() != null && m.volumeSizeGiB() < snapshotSize) {
        throw ApiException.invalid("Ebs.VolumeSize", String.valueOf(m.volumeSizeGiB()), "Snapshot "
            + m.snapshotId() + " is " + snapshotSize + " GiB: a volume made from it is at least that large.");
      }
      // As EC2 shows it: a size not given is the snapshot's.
      sized.add(new BlockDeviceMapping(m.deviceName(), m.snapshotId(),
          m.volumeSizeGiB() == null ? snapshotSize : m.volumeSizeGiB(), m.deleteOnTermination(), null, false));
    }
    String arch = architecture(req.param("Architecture") == null ? "x86_64" : req.param("Architecture"));
    String kernelId = reference(req, "KernelId", req.param("KernelId"), "kernel");
    String ramdiskId = reference(req, "RamdiskId", req.param("RamdiskId"), "ramdisk");
    Image image = images.registerEbs(claim(req), name, description, arch, kernelId, ramdiskId,
        publicByDefault.getAsBoolean(), rootDevice, sized);
    return req.response().element("imageId", image.imageId()).toString();
  }

  private boolean signedByAccount(String document, BundleManifest m, String account) throws ApiException {
    if (m.signature() == null || m.signature().isEmpty()) {
      throw invalidManifest("The manifest is not signed.");
    }
    try {
      for (X509Certificate c : certificates.forAccount(account)) {
        if (BundleManifest.signatureValid(document, m.signature(), c.getPublicKey())) {
          return true;
        }
      }
    } catch (BundleManifest.InvalidManifestException e) {
      throw invalidManifest(e.getMessage());
    }
    return false;
  }

  private static ApiException invalidManifest(String why) {
    return new ApiException("InvalidManifest", why, HttpResponseStatus.BAD_REQUEST);
  }

  /** The admin's bundle-less images: a file on the nodes, or a URL they can fetch. */
  private String registerUrl(QueryRequest req, String location) throws ApiException, DomainException {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("ImageLocation", location, "It is not a URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!scheme.equals("file") && !scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.invalid("ImageLocation", location,
          "It is a bundle manifest in Walrus (bucket/name.manifest.xml), or for the administrator a file:// or http(s):// URL.");
    }
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator may register images from URLs",
          HttpResponseStatus.FORBIDDEN);
    }
    if (scheme.equals("file") && !Files.isReadable(Path.of(uri))) {
      throw ApiException.invalid("ImageLocation", location, "No readable file there.");
    }
    String arch = architecture(req.param("Architecture") == null ? "x86_64" : req.param("Architecture"));
    String name = name(req, Path.of(uri.getPath()).getFileName().toString());
    String kernelId = reference(req, "KernelId", req.param("KernelId"), "kernel");
    String ramdiskId = reference(req, "RamdiskId", req.param("RamdiskId"), "ramdisk");
    Image image = images.register(claim(req), name, req.param("Description"), location, "machine",
        arch, kernelId, ramdiskId, publicByDefault.getAsBoolean());
    return req.response().element("imageId", image.imageId()).toString();
  }

  /** The caller's claim on its image quota (ec2:quota-imagenumber). */
  private static QuotaClaim claim(QueryRequest req) {
    return QuotaClaim.of(req.authorization(), "ec2:RegisterImage", Quotas.IMAGE_NUMBER);
  }

  private static String architecture(String arch) throws ApiException {
    if (!arch.equals("i386") && !arch.equals("x86_64")) {
      throw ApiException.invalid("Architecture", arch, "It must be i386 or x86_64.");
    }
    return arch;
  }

  private static String name(QueryRequest req, String fallback) throws ApiException {
    String name = req.param("Name") == null ? fallback : req.param("Name");
    if (name.isEmpty() || name.length() > 128) {
      throw ApiException.invalid("Name", name, "It is 1 to 128 characters.");
    }
    return name;
  }

  /** A kernel or ramdisk the caller may use, or null when none is named. */
  private String reference(QueryRequest req, String param, String id, String type) throws ApiException {
    if (id == null || id.isEmpty()) {
      return null;
    }
    Image ref = images.launchable(id, req.caller().accountNumber()).orElseThrow(() ->
        new ApiException("InvalidAMIID.NotFound",
            "The " + type + " image '" + id + "' does not exist", HttpResponseStatus.BAD_REQUEST));
    if (!ref.imageType().equals(type)) {
      throw ApiException.invalid(param, id, "It is a " + ref.imageType() + " image, not a " + type + ".");
    }
    return id;
  }
}
