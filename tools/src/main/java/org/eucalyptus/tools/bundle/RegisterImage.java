package org.eucalyptus.tools.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code euca-register}: registers an uploaded bundle as an image, with euca2ools 3's flags; prints {@code IMAGE <id>}. */
@Command(name = "euca-register", mixinStandardHelpOptions = true, version = "euca-register 0.2",
    description = "Register a new image: an uploaded bundle (bucket/name.manifest.xml) as a machine, kernel or"
        + " ramdisk image.")
final class RegisterImage implements Callable<Integer> {
  private static final List<String> ARCHITECTURES = List.of("i386", "x86_64", "armhf");

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MANIFEST",
      description = "the manifest's location in storage: bucket/name.manifest.xml")
  String location;

  @Option(names = {"-n", "--name"}, description = "name of the new image (default: the manifest's image name)")
  String name;

  @Option(names = {"-d", "--description"}, description = "description of the new image")
  String description;

  @Option(names = {"-a", "--architecture", "--arch"}, paramLabel = "ARCH",
      description = "CPU architecture of the new image: i386, x86_64 or armhf (default: the manifest's)")
  String architecture;

  @Option(names = "--kernel", paramLabel = "KERNEL", description = "id of the kernel to associate with the new image")
  String kernel;

  @Option(names = "--ramdisk", paramLabel = "RAMDISK", description = "id of the ramdisk to associate with the new image")
  String ramdisk;

  @Option(names = "--root-device-name", paramLabel = "DEVICE",
      description = "root device name (default: /dev/sda1); for images without a MANIFEST")
  String rootDeviceName;

  @Option(names = {"-s", "--snapshot"}, paramLabel = "SNAPSHOT",
      description = "snapshot to use for the root device; for images without a MANIFEST")
  String snapshot;

  @Option(names = {"-b", "--block-device-mapping"}, paramLabel = "DEVICE=MAPPED",
      description = "a block device mapping for the image, DEVICE=MAPPED, where MAPPED is none, ephemeral(0-3) or"
          + " [SNAP-ID]:[GiB]:[true|false]:[standard|TYPE[:IOPS]] (repeatable)")
  List<String> mappings = new ArrayList<>();

  @Option(names = "--virtualization-type", paramLabel = "TYPE", description = "paravirtual or hvm")
  String virtualizationType;

  @Option(names = "--platform", paramLabel = "windows", description = "the new image's platform (windows)")
  String platform;

  @Mixin ServiceOptions service;

  @Override
  public Integer call() throws Exception {
    if (architecture != null && !ARCHITECTURES.contains(architecture)) {
      throw ImageTools.usage(spec, "-a/--architecture: one of " + String.join(", ", ARCHITECTURES) + ", not '"
          + architecture + "'");
    }
    if (virtualizationType != null && !List.of("paravirtual", "hvm").contains(virtualizationType)) {
      throw ImageTools.usage(spec, "--virtualization-type: paravirtual or hvm, not '" + virtualizationType + "'");
    }
    if (platform != null && !platform.equals("windows")) {
      throw ImageTools.usage(spec, "--platform: windows, not '" + platform + "'");
    }
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "ImageLocation", location);
    put(p, "Name", name);
    put(p, "Description", description);
    put(p, "Architecture", architecture);
    put(p, "KernelId", kernel);
    put(p, "RamdiskId", ramdisk);
    put(p, "VirtualizationType", virtualizationType);
    put(p, "Platform", platform);
    List<Map<String, String>> bdm = new ArrayList<>();
    for (String m : mappings) {
      bdm.add(BlockDeviceMappingArg.parse(spec, m));
    }
    if (location != null) {
      // An instance-store image: the manifest says how it boots.
      if (rootDeviceName != null) {
        throw ImageTools.usage(spec, "--root-device-name: not allowed with argument MANIFEST");
      }
      if (snapshot != null) {
        throw ImageTools.usage(spec, "-s/--snapshot: not allowed with argument MANIFEST");
      }
    } else {
      // An EBS image: its root device must come from a snapshot.
      String root = rootDeviceName != null ? rootDeviceName : "/dev/sda1";
      p.put("RootDeviceName", root);
      Map<String, String> rootMapping = bdm.stream().filter(m -> root.equals(m.get("DeviceName"))).findFirst()
          .orElse(null);
      if (rootMapping != null) {
        if (snapshot != null && !snapshot.equals(rootMapping.get("Ebs.SnapshotId"))) {
          throw ImageTools.usage(spec, "snapshot ID supplied with --snapshot conflicts with block device mapping"
              + " for root device " + root);
        }
      } else if (snapshot != null) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DeviceName", root);
        m.put("Ebs.SnapshotId", snapshot);
        bdm.add(m);
      } else {
        throw ImageTools.usage(spec, "either a manifest location or a root device snapshot mapping must be specified");
      }
    }
    for (int i = 0; i < bdm.size(); i++) {
      for (Map.Entry<String, String> e : bdm.get(i).entrySet()) {
        p.put("BlockDeviceMapping." + (i + 1) + "." + e.getKey(), e.getValue());
      }
    }
    String resp = service.ec2().call("RegisterImage", p);
    System.out.println("IMAGE\t" + org.eucalyptus.tools.admin.Ec2QueryClient.element(resp, "imageId"));
    return 0;
  }

  private static void put(Map<String, String> p, String k, String v) {
    if (v != null) {
      p.put(k, v);
    }
  }
}
