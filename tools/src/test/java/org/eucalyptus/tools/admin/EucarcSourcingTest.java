package org.eucalyptus.tools.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eucarc checker itself: it finds a missing file, and takes no secret key for a path. */
@UnitTest
class EucarcSourcingTest {
  @TempDir Path dir;

  Path eucarc(String secret, String certFile) throws Exception {
    Files.writeString(dir.resolve("cloud-cert.pem"), "cert");
    Files.writeString(dir.resolve("key.pem"), "key");
    Files.writeString(dir.resolve("iamrc"), "AWSAccessKeyId=AKIDEXAMPLE\nAWSSecretKey=" + secret + "\n");
    return Files.writeString(dir.resolve("eucarc"), String.join("\n",
        "export EC2_CERT=" + dir.resolve(certFile),
        "export EC2_PRIVATE_KEY=" + dir.resolve("key.pem"),
        "export EUCALYPTUS_CERT=" + dir.resolve("cloud-cert.pem"),
        "export AWS_CREDENTIAL_FILE=" + dir.resolve("iamrc"),
        "export EC2_URL=http://h:8773/services/Eucalyptus",
        "export S3_URL=http://h:8773/services/Walrus",
        "export EUARE_URL=http://h:8773/services/Euare",
        "export AWS_IAM_URL=http://h:8773/services/Euare",
        "export EC2_ACCESS_KEY=AKIDEXAMPLE",
        "export EC2_SECRET_KEY='" + secret + "'",
        "export AWS_SECRET_ACCESS_KEY='" + secret + "'",
        "export EC2_USER_ID=000000000001",
        "export EC2_ACCOUNT_NUMBER=000000000001",
        "export AWS_DEFAULT_REGION=eucalyptus", ""));
  }

  @Test
  void aSecretKeyBeginningWithASlashIsNotAPath() throws Exception {
    assertThat(EucarcSourcing.problems(eucarc("/vqRJkHf0T7aDtMKh2QDfbJ1GTonbJwpey8gzuso", "cloud-cert.pem"))).isEmpty();
  }

  @Test
  void aFileThatIsNotThereIsFound() throws Exception {
    assertThat(EucarcSourcing.problems(eucarc("plainsecret", "missing.pem")))
        .anySatisfy(p -> assertThat(p).startsWith("EC2_CERT names no readable file"));
  }
}
