package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Every refusal is a MalformedPolicyException saying where (line, column, statement, element) and what. */
@UnitTest
class PolicyParserErrorsTest {
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String json) {
    return assertThatThrownBy(() -> PolicyParser.parse(json.replace('\'', '"')))
        .isInstanceOf(MalformedPolicyException.class);
  }

  private static String statement(String body) {
    return "{'Version':'2012-10-17','Statement':[\n" + body + "\n]}";
  }

  @Test
  void brokenJsonSaysLineAndColumn() {
    refused("{'Statement':[\n  {'Effect':'Allow',\n   'Action' 'ec2:*'}]}")
        .hasMessageContaining("not valid JSON at line 3, column 13");
    refused("").hasMessageContaining("empty");
    refused("   ").hasMessageContaining("empty");
    refused("{'Statement':{'Effect':'Allow'").hasMessageContaining("not valid JSON");
  }

  @Test
  void trailingGarbageIsRefused() {
    refused("{'Statement':{'Effect':'Allow','Action':'ec2:*'}} x")
        .hasMessageContaining("not valid JSON");
    refused("{'Statement':{'Effect':'Allow','Action':'ec2:*'}}\n{}")
        .hasMessageContaining("Unexpected text after the end of the policy document at line 2, column 1");
  }

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "[".repeat(60_000) + "]".repeat(60_000);
    refused(deep).hasMessageContaining("nests deeper than a policy can at line 1, column 11");
    refused("{'Statement':{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{'aws:x':[[[[[[[['a']]]]]]]]}}}}")
        .hasMessageContaining("nests deeper than a policy can at line 1, column 92");
    refused("{'Statement':{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{'aws:x':[['a']]}}}}")
        .hasMessageContaining("StringEquals on aws:x at line 1, column 87: it must be a string or a list of strings "
            + "(or numbers, booleans), not a list");
  }

  @Test
  void duplicateElementsAreRefused() {
    refused("{'Statement':{'Effect':'Allow',\n'Effect':'Deny','Action':'ec2:*'}}")
        .hasMessageContaining("Element Effect appears twice").hasMessageContaining("again at line 2, column 1");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':"
        + "{'aws:UserName':'a','aws:username':'b'}}}"))
        .hasMessageContaining("the key aws:username is given twice (keys are case-insensitive: aws:UserName)");
  }

  @Test
  void theDocumentsOwnElements() {
    refused("[]").hasMessageContaining("The policy document at line 1, column 1: it must be a JSON object, not a list");
    refused("{'Version':'2012-10-17'}").hasMessageContaining("it has no Statement");
    refused("{'Version':'2013-01-01','Statement':[]}")
        .hasMessageContaining("The policy's Version at line 1, column 12: \"2013-01-01\" is not 2008-10-17 or 2012-10-17");
    refused("{'Version':20121017,'Statement':[]}").hasMessageContaining("must be a string, not the number 20121017");
    refused("{'Statement':[]}").hasMessageContaining("The policy's Statement at line 1, column 14: the list is empty");
    refused("{'statement':[]}").hasMessageContaining("unknown element statement (names are case-sensitive: "
        + "did you mean Statement?)");
    refused("{'Statement':['Allow']}").hasMessageContaining("Statement 1 at line 1, column 15: it must be a JSON object");
  }

  @Test
  void principalsBelongToNoIdentityPolicy() {
    refused(statement("{'Effect':'Allow','Principal':{'AWS':'*'},'Action':'ec2:*'}"))
        .hasMessageContaining("Statement 1's Principal at line 2, column 31: a user's, group's or account's policy "
            + "names no Principal");
    refused(statement("{'Sid':'x','Effect':'Allow','NotPrincipal':'*','Action':'ec2:*'}"))
        .hasMessageContaining("Statement 1 (Sid \"x\")'s NotPrincipal");
  }

  @Test
  void effectActionAndResource() {
    refused(statement("{'Action':'ec2:*'}")).hasMessageContaining("Statement 1 at line 2, column 1: it has no Effect");
    refused(statement("{'Effect':'allow','Action':'ec2:*'}"))
        .hasMessageContaining("\"allow\" is not Allow, Deny or Limit (names are case-sensitive: did you mean Allow?)");
    refused(statement("{'Effect':true,'Action':'ec2:*'}")).hasMessageContaining("Effect at line 2, column 11: it must "
        + "be a string, not true");
    refused(statement("{'Effect':'Allow'}")).hasMessageContaining("it has neither Action nor NotAction");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','NotAction':'s3:*'}"))
        .hasMessageContaining("it has both Action and NotAction");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Resource':'*','NotResource':'*'}"))
        .hasMessageContaining("both Resource and NotResource");
    refused(statement("{'Effect':'Allow','Action':[]}")).hasMessageContaining("Statement 1's Action at line 2, "
        + "column 28: the list is empty");
    refused(statement("{'Effect':'Allow','Action':['ec2:*',7]}")).hasMessageContaining("Statement 1's Action at line 2, "
        + "column 37: it must be a string or a list of strings, not the number 7");
    refused(statement("{'Effect':'Allow','Action':null}")).hasMessageContaining("not null");
    for (String bad : new String[] {"ec2", "ec2:", ":Run", "ec2:Run Instances", "e c2:Run", "ec2:Run/x", "**"}) {
      refused(statement("{'Effect':'Allow','Action':'" + bad + "'}"))
          .hasMessageContaining("\"" + bad + "\" is not service:Action");
    }
    refused(statement("{'Sid':'S3','Effect':'Allow','Action':'s3:*','Resource':'bucket/key'}"))
        .hasMessageContaining("Statement 1 (Sid \"S3\")'s Resource at line 2, column 57: \"bucket/key\" is neither "
            + "* nor an ARN");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','NotResource':['arn:aws:ec2:instance/x']}"))
        .hasMessageContaining("NotResource").hasMessageContaining("is neither * nor an ARN");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Resource':''}")).hasMessageContaining("neither * nor an ARN");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Bogus':1}"))
        .hasMessageContaining("Statement 1 at line 2, column 44: unknown element Bogus");
  }

  @Test
  void theSecondStatementIsNamed() {
    refused(statement("{'Effect':'Allow','Action':'ec2:*'},\n{'Effect':'Allow','Action':'ec2:Run Instances'}"))
        .hasMessageContaining("Statement 2's Action at line 3, column 28");
  }

  @Test
  void conditions() {
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEqual':{'aws:username':'a'}}}"))
        .hasMessageContaining("Statement 1's Condition at line 2, column 63: \"StringEqual\" is not a condition "
            + "operator");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'NullIfExists':{'aws:username':'true'}}}"))
        .hasMessageContaining("Null takes neither IfExists");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'ForAllValues:Null':{'aws:username':'true'}}}"))
        .hasMessageContaining("Null takes neither");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':'a'}}"))
        .hasMessageContaining("Condition's StringEquals at line 2, column 64: it must be a JSON object, not a string");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{}}}"))
        .hasMessageContaining("it names no condition key");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{'username':'a'}}}"))
        .hasMessageContaining("\"username\" is not a condition key");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{'aws:username':[]}}}"))
        .hasMessageContaining("StringEquals on aws:username at line 2, column 80: the list is empty");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'StringEquals':{'aws:username':{'a':1}}}}"))
        .hasMessageContaining("not an object");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'NumericLessThan':{'s3:max-keys':'ten'}}}"))
        .hasMessageContaining("NumericLessThan on s3:max-keys at line 2, column 82: \"ten\" is not a number");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'NumericLessThan':{'s3:max-keys':1e999999999}}}"))
        .hasMessageContaining("is not a number");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'NumericLessThan':{'s3:max-keys':'"
        + "9".repeat(5000) + "'}}}")).hasMessageContaining("is not a number");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'DateLessThan':{'aws:CurrentTime':'tomorrow'}}}"))
        .hasMessageContaining("\"tomorrow\" is not a date");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'Bool':{'aws:SecureTransport':'yes'}}}"))
        .hasMessageContaining("\"yes\" is neither true nor false");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}}"))
        .hasMessageContaining("\"10.0.0.0/33\" is not an IP address or CIDR block");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'IpAddress':{'aws:SourceIp':'example.com'}}}"))
        .hasMessageContaining("is not an IP address");
    refused(statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'ArnLike':{'aws:SourceArn':'bucket'}}}"))
        .hasMessageContaining("\"bucket\" is not an ARN");
  }

  @Test
  void hugeNumbersAreReadAsTextNeverAsDoubles() {
    // A 900-digit number where a string goes is refused as a number, not read, and not an overflow.
    refused(statement("{'Effect':'Allow','Action':" + "9".repeat(900) + "}")).hasMessageContaining("not the number 999");
  }

  @Test
  void quotaKeysAndLimits() {
    refused(statement("{'Effect':'Allow','Action':'ec2:RunInstances','Condition':{'NumericLessThanEquals':"
        + "{'ec2:quota-vminstancenumber':'2'}}}"))
        .hasMessageContaining("ec2:quota-vminstancenumber is a quota key: only a Limit statement may name it");
    refused(statement("{'Effect':'Limit','Action':'ec2:RunInstances','Resource':'*'}"))
        .hasMessageContaining("a Limit needs a Condition setting a quota key");
    refused(statement("{'Effect':'Limit','Action':'ec2:RunInstances','Condition':{'NumericLessThanEquals':"
        + "{'ec2:quota-instances':'2'}}}"))
        .hasMessageContaining("a Limit's condition keys are quota keys (ec2:quota-addressnumber, ");
    refused(statement("{'Effect':'Limit','Action':'ec2:RunInstances','Condition':{'NumericGreaterThan':"
        + "{'ec2:quota-vminstancenumber':'2'}}}"))
        .hasMessageContaining("a Limit takes NumericLessThanEquals (or NumericLessThan), not NumericGreaterThan");
    for (String bad : new String[] {"'-1'", "'2.5'", "'99999999999999999999'", "['1','2']"}) {
      refused(statement("{'Effect':'Limit','Action':'ec2:RunInstances','Condition':{'NumericLessThanEquals':"
          + "{'ec2:quota-vminstancenumber':" + bad + "}}}"))
          .hasMessageContaining("a Limit takes one whole number from 0 to 9223372036854775807");
    }
    refused(statement("{'Effect':'Limit','Action':'ec2:RunInstances','Condition':{'NumericLessThanEquals':"
        + "{'ec2:quota-vminstancenumber':'x'}}}")).hasMessageContaining("\"x\" is not a number");
    refused("x".repeat(PolicyParser.MAX_CHARS + 1)).hasMessageContaining("more than the 131072 read");
  }

  @Test
  void variablesIn2012AreChecked() {
    refused(statement("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::home/${aws:username/*'}"))
        .hasMessageContaining("Resource at line 2, column 46: the policy variable at character 19 has no closing }");
    refused(statement("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::home/${username}/*'}"))
        .hasMessageContaining("${username} is not a policy variable");
    // 2008-10-17 reads the same text as literal characters.
    assertThat(Policies.doc("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:*',"
        + "'Resource':'arn:aws:s3:::home/${aws:username/*'}}").statements()).hasSize(1);
  }
}
