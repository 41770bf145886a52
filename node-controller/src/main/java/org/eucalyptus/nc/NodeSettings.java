package org.eucalyptus.nc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.common.net.NetworkMode;

/**
 * Everything a node controller takes from eucalyptus.conf, read and checked once at start: a bad
 * value is refused there with a sentence naming its key. The parts go to the classes that use them.
 *
 * @param keysDir NC_KEYS_DIR: the node's key and, once enrolled, its certificate
 * @param powerdownCommand NC_POWERDOWN_COMMAND, split at spaces: what ncPowerDown runs
 * @param volumeDetachWait NC_VOLUME_DETACH_WAIT_SEC: how long a detach waits for the guest to let a volume go
 * @param iscsiMode NC_ISCSI_MODE: who logs into a volume's iSCSI target, QEMU (qemu) or the host's kernel (host)
 * @param shutdownGrace NC_SHUTDOWN_GRACE_SECONDS: how long a clean stop waits for the guest to power off
 *     after the ACPI power button before its domain is destroyed
 */
public record NodeSettings(Server server, Hypervisor hypervisor, Capacity capacity, Storage storage,
    Network network, Path keysDir, List<String> powerdownCommand, Duration teardownRetention,
    Duration monitorPeriod, Duration volumeDetachWait, IscsiMode iscsiMode, Duration shutdownGrace) {

  /**
   * NC_ISCSI_MODE. qemu: QEMU's own initiator reaches the target (a libvirt network disk, no kernel
   * module on the node); host: the node's kernel logs in with iscsiadm (open-iscsi) and the guest gets
   * the block device.
   */
  public enum IscsiMode {
    QEMU, HOST;

    static IscsiMode parse(String value) {
      return value.equals("host") ? HOST : QEMU;
    }
  }

  public NodeSettings {
    powerdownCommand = List.copyOf(powerdownCommand);
  }

  /**
   * Where the SOAP service listens: NC_BIND_ADDR, NC_PORT (0: any free port), at the path NC_SERVICE.
   *
   * @param path the service's path, with its leading slash
   */
  public record Server(String bindAddr, int port, String path, HttpSettings http) {}

  /**
   * HYPERVISOR and LIBVIRT_URI.
   *
   * @param type auto (kvm where it works, else qemu: decided at start), kvm, qemu, xen or test
   * @param libvirtUri LIBVIRT_URI, or empty for the type's own
   */
  public record Hypervisor(String type, Optional<String> libvirtUri) {
    public static final List<String> TYPES = List.of("auto", "kvm", "qemu", "xen", "test");

    public Hypervisor {
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("HYPERVISOR must be auto, kvm, qemu, xen or test, not '" + type + "'");
      }
    }

    /** The libvirt URI for {@code chosen} (the type, once auto is decided): LIBVIRT_URI, or the type's own. */
    public String uriFor(String chosen) {
      return libvirtUri.orElse(switch (chosen) {
        case "test" -> "test:///default";
        case "xen" -> "xen:///";
        default -> "qemu:///system";
      });
    }
  }

  /** MAX_CORES, MAX_MEM (MB), MAX_DISK (GB) offered to the cluster; 0: what the host has. */
  public record Capacity(int maxCores, int maxMemMb, int maxDiskGb) {}

  /**
   * @param instancePath INSTANCE_PATH (absolute): the instances' work directories and the image cache
   * @param cacheSizeMb NC_CACHE_SIZE
   * @param concurrentDiskOps CONCURRENT_DISK_OPS: image fetches at once
   * @param concurrentLaunches CONCURRENT_LAUNCHES: instances being prepared and booted at once
   * @param diskCommandTimeout NC_DISK_COMMAND_TIMEOUT_SEC: the longest one disk command may run
   */
  public record Storage(Path instancePath, long cacheSizeMb, int concurrentDiskOps, int concurrentLaunches,
      Duration diskCommandTimeout) {}

  /**
   * The node's side of VNET_MODE.
   *
   * @param bridge VNET_BRIDGE: the bridge guests join (SYSTEM, STATIC, MANAGED-NOVLAN); empty if unset
   * @param pubInterface VNET_PUBINTERFACE: where MANAGED's segments are made
   * @param vxlan VNET_SEGMENT=vxlan (else vlan)
   * @param localIp VNET_LOCALIP: this node's address on VNET_PUBINTERFACE; empty if unset
   * @param netnsPrefix NC_NETNS as a command prefix: the node's networking lives in that namespace
   */
  public record Network(NetworkMode mode, String bridge, String pubInterface, boolean vxlan, String localIp,
      List<String> netnsPrefix) {
    public Network {
      netnsPrefix = List.copyOf(netnsPrefix);
    }
  }

  /** Reads the node controller's keys; throws IllegalArgumentException naming the first bad one. */
  public static NodeSettings from(EucaConf conf) {
    String type = conf.get("HYPERVISOR", "auto").strip();
    Server server = new Server(conf.get("NC_BIND_ADDR", "0.0.0.0"), conf.port("NC_PORT", 8775),
        "/" + conf.get("NC_SERVICE", "axis2/services/EucalyptusNC").replaceAll("^/+", ""), HttpSettings.from(conf));
    Hypervisor hypervisor = new Hypervisor(type.isEmpty() ? "auto" : type, conf.get("LIBVIRT_URI"));
    Capacity capacity = new Capacity(conf.intAtLeast("MAX_CORES", 0, 0), conf.intAtLeast("MAX_MEM", 0, 0),
        conf.intAtLeast("MAX_DISK", 0, 0));
    Storage storage = new Storage(conf.path("INSTANCE_PATH", "/var/lib/eucalyptus/instances").toAbsolutePath(),
        conf.longAtLeast("NC_CACHE_SIZE", 10240, 0), conf.intAtLeast("CONCURRENT_DISK_OPS", 4, 1),
        conf.intAtLeast("CONCURRENT_LAUNCHES", 8, 1), conf.seconds("NC_DISK_COMMAND_TIMEOUT_SEC", 300, 1));
    Network network = new Network(NetworkMode.parse(conf.get("VNET_MODE", "SYSTEM")), conf.get("VNET_BRIDGE", ""),
        conf.get("VNET_PUBINTERFACE", "eth0"),
        conf.oneOf("VNET_SEGMENT", "vlan", List.of("vlan", "vxlan")).equals("vxlan"), conf.get("VNET_LOCALIP", ""),
        conf.netnsPrefix("NC_NETNS"));
    return new NodeSettings(server, hypervisor, capacity, storage, network,
        conf.path("NC_KEYS_DIR", conf.home() + "/var/lib/eucalyptus/keys"),
        List.of(conf.get("NC_POWERDOWN_COMMAND", "poweroff").trim().split("\\s+")),
        conf.seconds("NC_TEARDOWN_RETENTION_SEC", 180, 0),
        Duration.ofMillis(conf.longAtLeast("NC_MONITOR_MS", 1000, 1)),
        conf.seconds("NC_VOLUME_DETACH_WAIT_SEC", 30, 1),
        IscsiMode.parse(conf.oneOf("NC_ISCSI_MODE", "qemu", List.of("qemu", "host"))),
        conf.seconds("NC_SHUTDOWN_GRACE_SECONDS", 30, 0));
  }
}
