package org.eucalyptus.clc.persistence;

import org.eucalyptus.testfixtures.TestPostgres;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, with the reason, a test class that is to run on PostgreSQL ({@code euca.test.db=postgresql})
 * when no PostgreSQL answers, unless in CI ({@code CI=true}), where it runs and fails. Deciding here,
 * before the class starts, shows the skip in the report; an abort in {@code @BeforeAll} is counted
 * as nothing at all. Registered for every test class (META-INF/services, autodetection).
 */
public final class PostgresqlWhenAsked implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()
        || !TestPostgres.requested() || "true".equals(System.getenv("CI"))) {
      return ConditionEvaluationResult.enabled("not a class to run on PostgreSQL, or in CI");
    }
    return TestPostgres.unreachable().map(ConditionEvaluationResult::disabled)
        .orElseGet(() -> ConditionEvaluationResult.enabled("PostgreSQL answers at " + TestPostgres.hostPort()));
  }
}
