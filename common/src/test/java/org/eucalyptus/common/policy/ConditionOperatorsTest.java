package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Each condition operator, against the request's own keys (aws:…) and a service's keys for one decision. */
@UnitTest
class ConditionOperatorsTest {
  private static final String INSTANCE = "arn:aws:ec2:::instance/i-12345678";

  /** Whether an Allow with {@code condition} (JSON, single quotes) allows, for a request with {@code facts} and {@code keys}. */
  private static boolean holds(String condition, RequestFacts facts, Map<String, String> keys) {
    PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':'ec2:*','Resource':'*','Condition':"
        + condition + "}");
    return Policies.user(Policies.ALICE, facts, d).allows("ec2:DescribeInstances", INSTANCE, keys);
  }

  private static boolean holds(String condition, Map<String, String> keys) {
    return holds(condition, Policies.FACTS, keys);
  }

  private static boolean holds(String condition) {
    return holds(condition, Map.of());
  }

  private static boolean holdsFrom(String condition, String sourceIp) {
    return holds(condition, new RequestFacts(sourceIp, false, Policies.NOW), Map.of());
  }

  @Test
  void strings() {
    assertThat(holds("{'StringEquals':{'aws:username':'alice'}}")).isTrue();
    assertThat(holds("{'StringEquals':{'aws:username':'Alice'}}")).isFalse();
    assertThat(holds("{'StringEquals':{'AWS:UserName':['bob','alice']}}")).as("values OR, keys case-insensitive").isTrue();
    assertThat(holds("{'StringNotEquals':{'aws:username':['bob','carol']}}")).isTrue();
    assertThat(holds("{'StringNotEquals':{'aws:username':['bob','alice']}}")).isFalse();
    assertThat(holds("{'StringEqualsIgnoreCase':{'aws:username':'ALICE'}}")).isTrue();
    assertThat(holds("{'StringNotEqualsIgnoreCase':{'aws:username':'ALICE'}}")).isFalse();
    assertThat(holds("{'StringLike':{'aws:username':'al*'}}")).isTrue();
    assertThat(holds("{'StringLike':{'aws:username':'al?ce'}}")).isTrue();
    assertThat(holds("{'StringLike':{'aws:username':'AL*'}}")).as("StringLike is case-sensitive").isFalse();
    assertThat(holds("{'StringNotLike':{'aws:username':'b*'}}")).isTrue();
    assertThat(holds("{'StringNotLike':{'aws:username':['b*','a*']}}")).isFalse();
    assertThat(holds("{'stringequals':{'aws:username':'alice'}}")).as("operator names in any case").isTrue();
  }

  @Test
  void numbersOnAServicesKeys() {
    assertThat(holds("{'NumericLessThan':{'s3:max-keys':'100'}}", Map.of("s3:max-keys", "99"))).isTrue();
    assertThat(holds("{'NumericLessThan':{'s3:max-keys':'100'}}", Map.of("s3:max-keys", "100"))).isFalse();
    assertThat(holds("{'NumericLessThanEquals':{'s3:max-keys':100}}", Map.of("S3:Max-Keys", "100"))).isTrue();
    assertThat(holds("{'NumericGreaterThan':{'s3:max-keys':'10'}}", Map.of("s3:max-keys", "10.5"))).isTrue();
    assertThat(holds("{'NumericGreaterThanEquals':{'s3:max-keys':'10'}}", Map.of("s3:max-keys", "9"))).isFalse();
    assertThat(holds("{'NumericEquals':{'s3:max-keys':'10'}}", Map.of("s3:max-keys", "10.0"))).isTrue();
    assertThat(holds("{'NumericNotEquals':{'s3:max-keys':['10','20']}}", Map.of("s3:max-keys", "20"))).isFalse();
    assertThat(holds("{'NumericNotEquals':{'s3:max-keys':['10','20']}}", Map.of("s3:max-keys", "30"))).isTrue();
    assertThat(holds("{'NumericLessThan':{'s3:max-keys':'100'}}", Map.of("s3:max-keys", "lots")))
        .as("a request value that is no number fails the test").isFalse();
    assertThat(holds("{'NumericNotEquals':{'s3:max-keys':'100'}}", Map.of("s3:max-keys", "1e999999999")))
        .as("negated or not").isFalse();
    assertThat(holds("{'NumericLessThan':{'s3:max-keys':'100'}}")).as("absent key").isFalse();
  }

  @Test
  void datesOnCurrentTimeAndEpochTime() {
    assertThat(holds("{'DateLessThan':{'aws:CurrentTime':'2026-12-05T10:00:01Z'}}")).isTrue();
    assertThat(holds("{'DateLessThan':{'aws:CurrentTime':'2026-12-05T10:00:00Z'}}")).isFalse();
    assertThat(holds("{'DateLessThanEquals':{'aws:CurrentTime':'2026-12-05T11:00:00+01:00'}}")).isTrue();
    assertThat(holds("{'DateGreaterThan':{'aws:CurrentTime':'2026-12-05'}}")).isTrue();
    assertThat(holds("{'DateGreaterThanEquals':{'aws:CurrentTime':'2026-12-06'}}")).isFalse();
    assertThat(holds("{'DateEquals':{'aws:CurrentTime':'" + Policies.NOW.getEpochSecond() + "'}}")).isTrue();
    assertThat(holds("{'DateNotEquals':{'aws:CurrentTime':'2026-12-05T10:00:00Z'}}")).isFalse();
    assertThat(holds("{'DateGreaterThan':{'aws:EpochTime':'2026-01-01T00:00:00Z'}}")).isTrue();
    assertThat(holds("{'DateLessThan':{'aws:EpochTime':" + (Policies.NOW.getEpochSecond() + 1) + "}}")).isTrue();
    RequestFacts later = new RequestFacts("10.1.2.3", true, Instant.parse("2027-01-01T00:00:00.123456Z"));
    assertThat(holds("{'DateGreaterThan':{'aws:CurrentTime':'2026-12-31T23:59:59Z'}}", later, Map.of())).isTrue();
  }

  @Test
  void boolOnSecureTransport() {
    assertThat(holds("{'Bool':{'aws:SecureTransport':'true'}}")).isTrue();
    assertThat(holds("{'Bool':{'aws:SecureTransport':true}}")).as("a JSON boolean").isTrue();
    assertThat(holds("{'Bool':{'aws:SecureTransport':'false'}}")).isFalse();
    assertThat(holdsFrom("{'Bool':{'aws:SecureTransport':'FALSE'}}", "10.1.2.3")).isTrue();
  }

  @Test
  void ipAddressesV4AndV6() {
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.0.0/16'}}", "10.1.2.3")).isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.0.0/16'}}", "10.2.2.3")).isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.2.3'}}", "10.1.2.3")).as("one address").isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.2.3'}}", "10.1.2.4")).isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.2.0/23'}}", "10.1.3.255")).as("a prefix inside a byte").isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.2.0/23'}}", "10.1.4.0")).isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "192.0.2.1")).isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':['192.0.2.0/24','10.0.0.0/8']}}", "10.9.9.9")).isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}", "2001:db8:1::5")).isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}", "2001:db9::5")).isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'::1'}}", "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'fe80::/10'}}", "fe80::1%eth0")).as("a zone").isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.1.0.0/16'}}", "::ffff:10.1.2.3"))
        .as("an IPv4 client on a dual-stack socket").isTrue();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "2001:db8::1")).isFalse();
    assertThat(holdsFrom("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "192.0.2.1")).isTrue();
    assertThat(holdsFrom("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "10.0.0.1")).isFalse();
    assertThat(holdsFrom("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "cafe"))
        .as("a source that is no address (never a name lookup) fails the test").isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", null)).isFalse();
  }

  @Test
  void arnsMatchPartByPart() {
    Map<String, String> source = Map.of("aws:sourcearn", "x", "ec2:sourcearn", "arn:aws:s3:::bucket/a:b");
    assertThat(holds("{'ArnEquals':{'ec2:SourceArn':'arn:aws:s3:::bucket/a:b'}}", source)).isTrue();
    assertThat(holds("{'ArnLike':{'ec2:SourceArn':'arn:aws:s3:::bucket/*'}}", source)).isTrue();
    assertThat(holds("{'ArnLike':{'ec2:SourceArn':'arn:*:s3:::bucket/*'}}", source)).isTrue();
    assertThat(holds("{'ArnLike':{'ec2:SourceArn':'arn:aws:*::bucket/a:b'}}", source))
        .as("a wildcard stays within its part").isFalse();
    assertThat(holds("{'ArnNotLike':{'ec2:SourceArn':'arn:aws:ec2:::*'}}", source)).isTrue();
    assertThat(holds("{'ArnNotEquals':{'ec2:SourceArn':'arn:aws:s3:::bucket/a:b'}}", source)).isFalse();
    assertThat(holds("{'ArnLike':{'ec2:SourceArn':'arn:aws:s3:::*'}}", Map.of("ec2:sourcearn", "bucket")))
        .as("a value that is no ARN").isFalse();
  }

  @Test
  void nullTestsPresence() {
    assertThat(holds("{'Null':{'s3:prefix':'true'}}")).isTrue();
    assertThat(holds("{'Null':{'s3:prefix':'true'}}", Map.of("s3:prefix", "home/"))).isFalse();
    assertThat(holds("{'Null':{'s3:prefix':false}}", Map.of("s3:prefix", "home/"))).isTrue();
    assertThat(holds("{'Null':{'aws:username':'false'}}")).isTrue();
    assertThat(holds("{'Null':{'s3:prefix':['true','false']}}")).as("either").isTrue();
  }

  @Test
  void ifExistsPassesAnAbsentKey() {
    assertThat(holds("{'StringLike':{'s3:prefix':'home/*'}}")).isFalse();
    assertThat(holds("{'StringLikeIfExists':{'s3:prefix':'home/*'}}")).isTrue();
    assertThat(holds("{'StringLikeIfExists':{'s3:prefix':'home/*'}}", Map.of("s3:prefix", "etc/"))).isFalse();
    assertThat(holds("{'NumericLessThanIfExists':{'s3:max-keys':'10'}}")).isTrue();
    assertThat(holdsFrom("{'IpAddressIfExists':{'aws:SourceIp':'10.0.0.0/8'}}", null)).isTrue();
    assertThat(holdsFrom("{'NotIpAddressIfExists':{'aws:SourceIp':'10.0.0.0/8'}}", "10.0.0.1")).isFalse();
  }

  @Test
  void setPrefixesOnOneValuedKeys() {
    Map<String, String> prefix = Map.of("s3:prefix", "home/alice/");
    assertThat(holds("{'ForAnyValue:StringLike':{'s3:prefix':['etc/*','home/*']}}", prefix)).isTrue();
    assertThat(holds("{'ForAnyValue:StringLike':{'s3:prefix':'etc/*'}}", prefix)).isFalse();
    assertThat(holds("{'ForAnyValue:StringLike':{'s3:prefix':'etc/*'}}")).as("no value: none matches").isFalse();
    assertThat(holds("{'ForAllValues:StringLike':{'s3:prefix':'home/*'}}", prefix)).isTrue();
    assertThat(holds("{'ForAllValues:StringLike':{'s3:prefix':'etc/*'}}", prefix)).isFalse();
    assertThat(holds("{'ForAllValues:StringLike':{'s3:prefix':'etc/*'}}")).as("no value: all of none match").isTrue();
    assertThat(holds("{'forallvalues:StringNotEqualsIfExists':{'s3:prefix':'etc/'}}", prefix)).isTrue();
  }

  @Test
  void severalKeysAndOperatorsAllHold() {
    Map<String, String> keys = Map.of("s3:prefix", "home/", "s3:max-keys", "10");
    String both = "{'StringEquals':{'s3:prefix':'home/','aws:username':'alice'},'NumericLessThan':{'s3:max-keys':'11'}}";
    assertThat(holds(both, keys)).isTrue();
    assertThat(holds(both, Map.of("s3:prefix", "home/", "s3:max-keys", "11"))).isFalse();
    assertThat(holds(both, Map.of("s3:prefix", "etc/", "s3:max-keys", "10"))).isFalse();
  }

  @Test
  void aServiceCannotSetTheRequestsOwnKeys() {
    assertThat(holds("{'StringEquals':{'aws:username':'bob'}}", Map.of("aws:username", "bob"))).isFalse();
    assertThat(holdsFrom("{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "192.0.2.1")).isFalse();
  }
}
