package org.eucalyptus.tools.bundle;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code euca-register}: registers an uploaded bundle as an image; prints {@code IMAGE <id>}. */
@Command(name = "euca-register", mixinStandardHelpOptions = true, version = "euca-register 0.1",
    description = "Register an uploaded bundle (bucket/name.manifest.xml) as a machine, kernel or ramdisk image.")
final class RegisterImage implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MANIFEST", description = "the manifest's location: bucket/name.manifest.xml")
  String location;

  @Option(names = {"-n", "--name"}, description = "the image's name")
  String name;

  @Option(names = {"-d", "--description"}, description = "a description")
  String description;

  @Option(names = {"-A", "--architecture"}, description = "i386 or x86_64 (default: the manifest's)")
  String architecture;

  @Option(names = "--kernel", description = "eki- id of the kernel to boot it with")
  String kernel;

  @Option(names = "--ramdisk", description = "eri- id of the ramdisk to boot it with")
  String ramdisk;

  @Option(names = {"-a", "--access-key"}, description = "access key (default: EC2_ACCESS_KEY)")
  String accessKey;

  @Option(names = {"-s", "--secret-key"}, description = "secret key (default: EC2_SECRET_KEY)")
  String secretKey;

  @Option(names = {"-U", "--url"}, description = "the cloud controller's URL (default: EC2_URL)")
  String url;

  @Option(names = "--config", description = "an eucarc to read settings from instead of the environment")
  Path config;

  @Override
  public Integer call() throws Exception {
    UserSettings s = UserSettings.load(config);
    Ec2QueryClient ec2 = new Ec2QueryClient(URI.create(s.get(url, "EC2_URL", "--url")),
        s.get(accessKey, "EC2_ACCESS_KEY", "--access-key"), s.get(secretKey, "EC2_SECRET_KEY", "--secret-key"),
        s.optional(null, "AWS_DEFAULT_REGION") != null ? s.optional(null, "AWS_DEFAULT_REGION") : "eucalyptus");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ImageLocation", location);
    put(p, "Name", name);
    put(p, "Description", description);
    put(p, "Architecture", architecture);
    put(p, "KernelId", kernel);
    put(p, "RamdiskId", ramdisk);
    try {
      String resp = ec2.call("RegisterImage", p);
      System.out.println("IMAGE\t" + Ec2QueryClient.element(resp, "imageId"));
      return 0;
    } catch (Ec2QueryClient.ServiceError e) {
      return ImageTools.fail("euca-register", e.code() + ": " + e.getMessage());
    }
  }

  private static void put(Map<String, String> p, String k, String v) {
    if (v != null) {
      p.put(k, v);
    }
  }
}
