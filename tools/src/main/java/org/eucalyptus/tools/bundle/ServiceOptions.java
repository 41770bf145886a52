package org.eucalyptus.tools.bundle;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import picocli.CommandLine.Option;

/** euca2ools' service and credential flags: -U/--url, -I/--access-key-id, -S/--secret-key, --region. */
final class ServiceOptions {
  @Option(names = {"-U", "--url"}, paramLabel = "URL", description = "the service's URL (default: S3_URL for storage, EC2_URL for EC2)")
  String url;

  @Option(names = {"-I", "--access-key-id"}, paramLabel = "KEY_ID",
      description = "access key (default: AWS_ACCESS_KEY_ID or EC2_ACCESS_KEY)")
  String accessKey;

  @Option(names = {"-S", "--secret-key"}, paramLabel = "KEY",
      description = "secret key (default: AWS_SECRET_ACCESS_KEY or EC2_SECRET_KEY)")
  String secretKey;

  @Option(names = "--region", paramLabel = "REGION", description = "signing region (default: AWS_DEFAULT_REGION, else eucalyptus)")
  String region;

  @Option(names = "--config", paramLabel = "FILE", description = "an eucarc to read settings from instead of the environment")
  Path config;

  private UserSettings settings;

  UserSettings settings() throws IOException {
    if (settings == null) {
      settings = UserSettings.load(config);
    }
    return settings;
  }

  private String region() throws IOException {
    if (region != null && !region.isEmpty()) {
      return region;
    }
    String r = settings().optional(null, "AWS_DEFAULT_REGION");
    return r != null ? r : "eucalyptus";
  }

  private URI endpoint(String setting) throws IOException, UserSettings.MissingSettingException {
    String u = settings().get(url, setting, "-U/--url");
    try {
      URI uri = new URI(u);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new UserSettings.MissingSettingException(setting + " or -U is not a URL: " + u);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new UserSettings.MissingSettingException(setting + " or -U is not a URL: " + u);
    }
  }

  /** Walrus, at -U or S3_URL. */
  S3Client s3() throws IOException, UserSettings.MissingSettingException {
    UserSettings s = settings();
    return new S3Client(endpoint("S3_URL"), s.accessKey(accessKey), s.secretKey(secretKey), region(), s.caBundle());
  }

  /** The cloud controller's EC2 Query API, at -U or EC2_URL. */
  Ec2QueryClient ec2() throws IOException, UserSettings.MissingSettingException {
    UserSettings s = settings();
    return new Ec2QueryClient(endpoint("EC2_URL"), s.accessKey(accessKey), s.secretKey(secretKey), region(),
        s.caBundle());
  }
}
