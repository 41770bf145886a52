package org.eucalyptus.clc.properties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eucalyptus.clc.persistence.Database;

/**
 * Settings the administrator changes while the cloud runs (euca-describe-properties,
 * euca-modify-property), named as in Eucalyptus 3.1. Each is read where it takes effect, on every
 * use, so a change needs no restart.
 */
public final class CloudProperties {
  /** One property: its name, its default, what it means, and which values it takes. */
  public record Definition(String name, String defaultValue, String description, Predicate<String> valid,
      String validValues) {}

  /** A property's current value and its description. */
  public record Entry(String name, String value, String description) {}

  public static final String CLOCK_SKEW = "bootstrap.webservices.clock_skew_sec";
  public static final String TERMINATED_TIME = "cloud.vmstate.terminated_time";
  public static final String INSTANCE_TIMEOUT = "cloud.vmstate.instance_timeout";
  public static final String DEFAULT_VISIBILITY = "cloud.images.default_visibility";
  public static final String MAC_PREFIX = "cloud.vmstate.mac_prefix";
  /** Walrus registered at run time (euca_conf --register-walrus); empty: WALRUS_URL, or this CLC's own port. */
  public static final String WALRUS_URL = "walrus.url";
  /** clc-volumes: the largest volume (GiB) CreateVolume makes; Eucalyptus 3.1's default, 15. */
  public static final String MAX_VOLUME_SIZE = "storage.maxvolumesizeingb";
  /** clc-volumes: the GiB all volumes of one zone may hold together; 3.1's default, 50. */
  public static final String MAX_TOTAL_VOLUME_SIZE = "storage.maxtotalvolumesizeingb";

  /** Whether actions that carry a secret (CreateKeyPair, CreateAccessKey, ...) are refused over plain HTTP. */
  public static final String SECRETS_OVER_HTTPS_ONLY = "authentication.secrets_over_https_only";

  private final Database db;
  private final Map<String, Definition> definitions = new LinkedHashMap<>();
  private final Map<String, String> values = new ConcurrentHashMap<>();

  /** @param defaults each property's default, from the host's settings */
  public CloudProperties(Database db, Map<String, String> defaults) {
    this.db = db;
    Predicate<String> positive = v -> v.matches("\\d{1,9}") && Integer.parseInt(v) > 0;
    define(CLOCK_SKEW, defaults.getOrDefault(CLOCK_SKEW, "900"),
        "How far (seconds) a signed request's time may be from the cloud's", positive, "a number of seconds > 0");
    define(TERMINATED_TIME, defaults.getOrDefault(TERMINATED_TIME, "60"),
        "How long (minutes) terminated instances stay in DescribeInstances", positive, "a number of minutes > 0");
    define(INSTANCE_TIMEOUT, defaults.getOrDefault(INSTANCE_TIMEOUT, "300"),
        "How long (seconds) a running instance its cluster no longer reports is kept before it is terminated",
        positive, "a number of seconds > 0");
    define(DEFAULT_VISIBILITY, defaults.getOrDefault(DEFAULT_VISIBILITY, "true"),
        "Whether newly registered images can be launched by every account", v -> v.equals("true") || v.equals("false"),
        "true or false");
    define(MAC_PREFIX, defaults.getOrDefault(MAC_PREFIX, "d0:0d"),
        "The first two bytes of every instance's MAC address", v -> v.matches("[0-9a-f]{2}:[0-9a-f]{2}"),
        "two hex bytes such as d0:0d");
    define(WALRUS_URL, "", "Walrus's S3 URL, as registered (empty: WALRUS_URL, or the cloud controller's own port)",
        v -> v.isEmpty() || v.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._/-]*)?"),
        "an http(s) URL such as http://10.0.0.5:8773/services/Walrus, or empty");
    define(MAX_VOLUME_SIZE, defaults.getOrDefault(MAX_VOLUME_SIZE, "15"),
        "The largest volume (GiB) a user may create", positive, "a number of GiB > 0");
    define(MAX_TOTAL_VOLUME_SIZE, defaults.getOrDefault(MAX_TOTAL_VOLUME_SIZE, "50"),
        "How many GiB the volumes of one availability zone may hold together", positive, "a number of GiB > 0");
    define(SECRETS_OVER_HTTPS_ONLY, defaults.getOrDefault(SECRETS_OVER_HTTPS_ONLY, "false"),
        "Whether requests that carry a secret (a private key, a secret key, a password) are refused over plain HTTP",
        v -> v.equals("true") || v.equals("false"), "true or false");
    db.run(s -> s.createQuery("from PropertyValue", PropertyValue.class).list()
        .forEach(p -> values.put(p.name(), p.value())));
  }

  private void define(String name, String dflt, String description, Predicate<String> valid, String validValues) {
    definitions.put(name, new Definition(name, dflt, description, valid, validValues));
  }

  public String get(String name) {
    Definition d = definitions.get(name);
    if (d == null) {
      throw new IllegalArgumentException("no property " + name);
    }
    return values.getOrDefault(name, d.defaultValue());
  }

  public int getInt(String name) {
    return Integer.parseInt(get(name));
  }

  /** Properties whose names start with one of {@code prefixes} (all with none), sorted by name. */
  public List<Entry> describe(List<String> prefixes) {
    List<Entry> out = new ArrayList<>();
    definitions.values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
        .filter(d -> prefixes.isEmpty() || prefixes.stream().anyMatch(p -> d.name().startsWith(p)))
        .forEach(d -> out.add(new Entry(d.name(), get(d.name()), d.description())));
    return out;
  }

  /**
   * Sets a property, or resets it to its default ({@code value == null}).
   *
   * @return the old value
   * @throws IllegalArgumentException for an unknown property or a value it does not take
   */
  public synchronized String modify(String name, String value) {
    Definition d = definitions.get(name);
    if (d == null) {
      throw new IllegalArgumentException("No property named " + name);
    }
    if (value != null && !d.valid().test(value)) {
      throw new IllegalArgumentException(name + " takes " + d.validValues() + ", not '" + value + "'");
    }
    String old = get(name);
    db.run(s -> {
      PropertyValue p = s.find(PropertyValue.class, name);
      if (value == null) {
        if (p != null) {
          s.remove(p);
        }
      } else if (p == null) {
        s.persist(new PropertyValue(name, value));
      } else {
        p.setValue(value);
      }
    });
    if (value == null) {
      values.remove(name);
    } else {
      values.put(name, value);
    }
    return old;
  }
}
