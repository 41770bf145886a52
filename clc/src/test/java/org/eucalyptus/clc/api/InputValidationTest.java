package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Input refused at the door of the Query API (and so of SOAP, which runs the same
 * {@link QueryService#execute}): control characters in any parameter, bad numbers, user data
 * that is not base64, over-long tags; and failures no check caught become EC2 errors, never a
 * broken document.
 */
@IntegrationTest
class InputValidationTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner key;
  static String emi;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    key = f.newAccount("input-tenant");
    Path image = Files.write(tmp.resolve("img"), new byte[16]);
    emi = f.clc.images().register(key.accountNumber(), "img", null, image.toUri().toString(), "machine", "x86_64",
        null, null, false).imageId();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static HttpResponse<String> call(String action, String... kv) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", action);
    p.put("Version", "2016-11-15");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return Ec2QueryApiTestSupport.post(f.server.port(), key, p);
  }

  static Document parse(HttpResponse<String> r) throws Exception {
    return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(r.body())));
  }

  static void assertError(HttpResponse<String> r, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(parse(r).getElementsByTagName("Code").item(0).getTextContent()).isEqualTo(code);
  }

  @Test
  void controlCharactersAreRefusedAndLaterAnswersStayReadable() throws Exception {
    String groupId = parse(call("CreateSecurityGroup", "GroupName", "ctl", "GroupDescription", "tabs\tand\nlines"))
        .getElementsByTagName("groupId").item(0).getTextContent();
    for (String bad : List.of("nul\u0000", "\u0001", "esc\u001b[31m", "\uFFFE", "\uFFFF", "del\u007f", "nel\u0085")) {
      assertError(call("CreateTags", "ResourceId.1", groupId, "Tag.1.Key", "k", "Tag.1.Value", bad),
          "InvalidParameterValue");
      assertError(call("CreateTags", "ResourceId.1", groupId, "Tag.1.Key", bad, "Tag.1.Value", "v"),
          "InvalidParameterValue");
      assertError(call("CreateSecurityGroup", "GroupName", "g", "GroupDescription", bad), "InvalidParameterValue");
      assertError(call("DescribeRegions", "Junk" + bad, "1"), "InvalidParameterValue");
    }
    HttpResponse<String> tags = call("DescribeTags", "Filter.1.Name", "resource-id", "Filter.1.Value.1", groupId);
    assertThat(tags.statusCode()).isEqualTo(200);
    assertThat(parse(tags).getElementsByTagName("item").getLength()).isZero();
    // Tab and line ends stay allowed, and come back as sent.
    HttpResponse<String> groups = call("DescribeSecurityGroups", "GroupName.1", "ctl");
    assertThat(parse(groups).getElementsByTagName("groupDescription").item(0).getTextContent())
        .isEqualTo("tabs\tand\nlines");
  }

  @Test
  void theDoorIsInExecuteSoSoapRequestsPassItToo() {
    QueryService ec2 = new QueryService(null, Map.of("Echo", r -> "<ok/>"));
    Caller caller = f.clc.admin().caller();
    for (String bad : List.of("lone \uD800", "\uDC00x", "\u0000", "\u0085")) {
      assertThatThrownBy(() -> ec2.execute("Echo", "2016-11-15", Map.of("Name", bad), caller, "r", null,
          new org.eucalyptus.common.policy.RequestFacts("127.0.0.1", false, java.time.Instant.now())))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("InvalidParameterValue");
            assertThat(e.getMessage()).contains("U+").doesNotContain(bad);
          });
    }
  }

  @Test
  void runInstancesCountsAndUserDataAreCheckedAsNumbersAndBase64() throws Exception {
    for (String[] counts : new String[][] {{"1", "-1"}, {"-1", "1"}, {"0", "1"}, {"1", "0"}, {"x", "1"},
        {"1", "99999999999"}, {"3", "2"}, {"1", "1001"}}) {
      HttpResponse<String> r = call("RunInstances", "ImageId", emi, "MinCount", counts[0], "MaxCount", counts[1]);
      assertError(r, "InvalidParameterValue");
    }
    assertError(call("RunInstances", "ImageId", emi, "MinCount", "1"), "MissingParameter");
    HttpResponse<String> notBase64 = call("RunInstances", "ImageId", emi, "MinCount", "1", "MaxCount", "1",
        "UserData", "this is not base64!");
    assertError(notBase64, "InvalidParameterValue");
    assertThat(notBase64.body()).contains("Invalid BASE64 encoding of user data");
    String tooBig = java.util.Base64.getEncoder().encodeToString(new byte[16 * 1024 + 1]);
    assertError(call("RunInstances", "ImageId", emi, "MinCount", "1", "MaxCount", "1", "UserData", tooBig),
        "InvalidParameterValue");
  }

  @Test
  void tagKeysAndValuesKeepEc2sLimits() throws Exception {
    String groupId = parse(call("CreateSecurityGroup", "GroupName", "limits", "GroupDescription", "d"))
        .getElementsByTagName("groupId").item(0).getTextContent();
    assertError(call("CreateTags", "ResourceId.1", groupId, "Tag.1.Key", "k".repeat(128), "Tag.1.Value", "v"),
        "InvalidParameterValue");
    assertError(call("CreateTags", "ResourceId.1", groupId, "Tag.1.Key", "k", "Tag.1.Value", "v".repeat(256)),
        "InvalidParameterValue");
    assertThat(call("CreateTags", "ResourceId.1", groupId, "Tag.1.Key", "k".repeat(127), "Tag.1.Value",
        "v".repeat(255)).statusCode()).isEqualTo(200);
  }

  @Test
  void lengthsAreCheckedBeforeTheDatabaseWithTheParameterNamed() throws Exception {
    HttpResponse<String> description = call("RegisterImage", "ImageLocation", "http://example.com/img.raw", "Name",
        "n", "Description", "d".repeat(256));
    assertError(description, "InvalidParameterValue");
    assertThat(description.body()).contains("parameter Description");
    HttpResponse<String> location = call("RegisterImage", "ImageLocation", "http://example.com/" + "x".repeat(1100),
        "Name", "n");
    assertError(location, "InvalidParameterValue");
    assertThat(location.body()).contains("parameter ImageLocation");
    String longKey = java.util.Base64.getEncoder().encodeToString(("ssh-rsa " + "A".repeat(9000) + " me").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> key = call("ImportKeyPair", "KeyName", "long", "PublicKeyMaterial", longKey);
    assertError(key, "InvalidParameterValue");
    assertThat(key.body()).contains("parameter PublicKeyMaterial");
  }

  @Test
  void aValueTheDatabaseRefusesIsInvalidParameterValueNotInternalError() throws Exception {
    // A real refusal from a real database: the value is longer than its column.
    QueryService ec2 = new QueryService(null, Map.of("Store", r -> {
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:door")) {
        c.createStatement().execute("create table t (v varchar(4))");
        c.createStatement().execute("insert into t values ('" + r.params().get("V") + "')");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(new jakarta.persistence.PersistenceException(e));
      }
      return "<ok/>";
    }));
    assertThatThrownBy(() -> ec2.execute("Store", "2016-11-15", Map.of("V", "toolong"), f.clc.admin().caller(), "r",
        null, new org.eucalyptus.common.policy.RequestFacts("127.0.0.1", false, java.time.Instant.now()))).isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo("InvalidParameterValue");
          assertThat(e.status().code()).isEqualTo(400);
        });
  }

  @Test
  void aStoredCharacterXmlCannotCarryGivesACleanErrorNotABrokenDocument() throws Exception {
    AccessKeyOwner other = f.newAccount("legacy-tenant");
    String groupId = parse(Ec2QueryApiTestSupport.post(f.server.port(), other, Map.of("Action", "CreateSecurityGroup",
        "Version", "2016-11-15", "GroupName", "old", "GroupDescription", "d")))
        .getElementsByTagName("groupId").item(0).getTextContent();
    // As stored before the door refused it.
    try (var db = new org.eucalyptus.clc.persistence.Database(f.database, org.eucalyptus.clc.CloudController.ENTITIES)) {
      TagStore tags = new TagStore(db);
      tags.create(List.of(tags.resource(groupId).orElseThrow()), Map.of("legacy", "bell\u0007"));
    }
    HttpResponse<String> r = Ec2QueryApiTestSupport.post(f.server.port(), other,
        Map.of("Action", "DescribeTags", "Version", "2016-11-15"));
    assertThat(r.statusCode()).isEqualTo(500);
    Document d = parse(r);
    assertThat(d.getElementsByTagName("Code").item(0).getTextContent()).isEqualTo("InternalError");
    assertThat(d.getElementsByTagName("Message").item(0).getTextContent()).contains("U+0007");
    assertThat(Optional.ofNullable(r.body())).get().asString().doesNotContain("DescribeTagsResponse");
  }
}
