package org.eucalyptus.clc.metadata;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;
import org.eucalyptus.common.http.Responses;

/**
 * The instance metadata service, {@code /latest/…} or {@code /<YYYY-MM-DD>/…} on the CLC's port,
 * which instances reach at 169.254.169.254 through the cluster controller's redirect. The caller
 * is known by its address: the instance whose private (or public) address it is. Directories list
 * their entries one per line ({@code name/} for a directory), as EC2 does; an unknown key is a 404.
 */
public final class MetadataService implements RequestHandler {
  /** The paths this service answers. */
  public static final Pattern PATH = Pattern.compile("^/(latest|\\d{4}-\\d{2}-\\d{2})(/.*)?$");

  private final Function<String, Optional<Instance>> byAddress;
  private final ImageStore images;
  private final KeyPairStore keyPairs;
  private final SecurityGroupStore groups;

  /** @param byAddress the live instance with this private or public address, if any */
  public MetadataService(Function<String, Optional<Instance>> byAddress, ImageStore images, KeyPairStore keyPairs,
      SecurityGroupStore groups) {
    this.byAddress = byAddress;
    this.images = images;
    this.keyPairs = keyPairs;
    this.groups = groups;
  }

  @Override
  public FullHttpResponse handle(InboundRequest req) {
    req.access().service("metadata");
    if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
      return Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n");
    }
    java.util.regex.Matcher m = PATH.matcher(req.rawPath());
    if (!m.matches()) {
      return notFound();
    }
    String caller = req.remoteAddress().getAddress().getHostAddress();
    Optional<Instance> inst = byAddress.apply(caller);
    if (inst.isEmpty()) {
      return Responses.text(HttpResponseStatus.NOT_FOUND, "No instance has the address " + caller + "\n");
    }
    req.access().principal(inst.get().instanceId());
    String rest = m.group(2) == null ? "/" : m.group(2);
    Object node = tree(inst.get());
    for (String part : rest.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!(node instanceof Map<?, ?> dir) || !dir.containsKey(part)) {
        return notFound();
      }
      node = dir.get(part);
    }
    if (node instanceof Map<?, ?> dir) {
      StringBuilder b = new StringBuilder();
      dir.forEach((k, v) -> b.append(b.length() == 0 ? "" : "\n").append(k).append(v instanceof Map ? "/" : ""));
      return Responses.text(HttpResponseStatus.OK, b.toString());
    }
    if (node instanceof byte[] raw) {
      return Responses.of(HttpResponseStatus.OK, "application/octet-stream", raw);
    }
    return Responses.text(HttpResponseStatus.OK, node.toString());
  }

  private static FullHttpResponse notFound() {
    return Responses.text(HttpResponseStatus.NOT_FOUND, "Not Found\n");
  }

  /** The instance's metadata as a tree: maps are directories, strings (or bytes) are values. */
  private Map<String, Object> tree(Instance i) {
    Map<String, Object> meta = new LinkedHashMap<>();
    Optional<Image> image = images.find(i.imageId());
    String priv = i.privateIp() == null ? "0.0.0.0" : i.privateIp();
    String pub = i.publicIp() == null ? priv : i.publicIp();
    meta.put("ami-id", i.imageId());
    meta.put("ami-launch-index", String.valueOf(i.launchIndex()));
    meta.put("ami-manifest-path", image.map(Image::location).orElse("unknown"));
    Map<String, Object> bdm = new LinkedHashMap<>();
    bdm.put("ami", "sda1");
    bdm.put("emi", "sda1");
    bdm.put("ephemeral", "sda2");
    bdm.put("ephemeral0", "sda2");
    bdm.put("root", "/dev/sda1");
    bdm.put("swap", "sda3");
    meta.put("block-device-mapping", bdm);
    meta.put("hostname", pub);
    meta.put("instance-id", i.instanceId());
    meta.put("instance-type", i.vmType());
    if (i.kernelId() != null) {
      meta.put("kernel-id", i.kernelId());
    }
    meta.put("local-hostname", priv);
    meta.put("local-ipv4", priv);
    meta.put("placement", new LinkedHashMap<>(Map.of("availability-zone", i.cluster())));
    meta.put("public-hostname", pub);
    meta.put("public-ipv4", pub);
    if (i.keyName() != null) {
      keyPairs.find(i.accountNumber(), i.keyName()).ifPresent(k -> {
        Map<String, Object> key = new LinkedHashMap<>(Map.of("openssh-key", k.publicKey()));
        // EC2 lists "0=name" but serves the key under "0/".
        Map<String, Object> byIndex = new LinkedHashMap<>(Map.of("0", key));
        meta.put("public-keys", new KeyDirectory(k.name(), byIndex));
      });
    }
    if (i.ramdiskId() != null) {
      meta.put("ramdisk-id", i.ramdiskId());
    }
    meta.put("reservation-id", i.reservationId());
    meta.put("security-groups", String.join("\n", groups.byIds(i.groupIds()).values().stream()
        .map(SecurityGroup::name).sorted().toList()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dynamic", new LinkedHashMap<>());
    root.put("meta-data", meta);
    if (i.userData() != null && !i.userData().isEmpty()) {
      root.put("user-data", Base64.getMimeDecoder().decode(i.userData().getBytes(StandardCharsets.US_ASCII)));
    }
    return root;
  }

  /** public-keys/: listed as "0=name", looked up as "0". */
  private static final class KeyDirectory extends LinkedHashMap<String, Object> {
    private final String listing;

    KeyDirectory(String name, Map<String, Object> byIndex) {
      super(byIndex);
      this.listing = "0=" + name;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
      action.accept(listing, "");
    }
  }
}
