package org.eucalyptus.clc.console;

import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryService;

/**
 * What the console does, it does through the APIs, as the signed-in user: each page runs the EC2 or
 * IAM actions a signed request of theirs would run, through the same checks and the same policy
 * evaluation, so the console can never do what that user's keys could not.
 */
final class ConsoleApi {
  private final QueryService ec2;
  private final QueryService iam;
  private final QueryService configuration;
  private final QueryService properties;

  ConsoleApi(QueryService ec2, QueryService iam, QueryService configuration, QueryService properties) {
    this.ec2 = ec2;
    this.iam = iam;
    this.configuration = configuration;
    this.properties = properties;
  }

  /** The cloud's properties (DescribeProperties, ModifyPropertyValue), the cloud administrator's alone. */
  ApiDoc properties(ConsoleRequest r, String action, Map<String, String> params) throws ApiException {
    return ApiDoc.parse(properties.executeAs(r.caller(), action, params, r.facts()));
  }

  ApiDoc ec2(ConsoleRequest r, String action, Map<String, String> params) throws ApiException {
    return ApiDoc.parse(ec2.executeAs(r.caller(), action, params, r.facts()));
  }

  /** The admin services' (DescribeServices, the clusters and nodes), which refuse whoever is not the cloud's admin. */
  ApiDoc configuration(ConsoleRequest r, String action, Map<String, String> params) throws ApiException {
    return ApiDoc.parse(configuration.executeAs(r.caller(), action, params, r.facts()));
  }

  ApiDoc iam(ConsoleRequest r, String action, Map<String, String> params) throws ApiException {
    return ApiDoc.parse(iam.executeAs(r.caller(), action, params, r.facts()));
  }
}
