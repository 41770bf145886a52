/**
 * IAM policies: the policy language (AWS's JSON, versions 2008-10-17 and 2012-10-17, with
 * Eucalyptus's {@code Limit} effect for quotas), its parser, and the one evaluator every service
 * (EC2 and IAM at the CLC, S3 at Walrus) asks whether a caller may do an action on a resource.
 *
 * <p>Flow: a service's {@link org.eucalyptus.common.policy.PolicySource} gives the caller's
 * {@link org.eucalyptus.common.policy.CallerPolicies} once per request; an
 * {@link org.eucalyptus.common.policy.Authorization} built from them and the request's
 * {@link org.eucalyptus.common.policy.RequestFacts} answers (and remembers, for that request only)
 * each decision, and the quota limits that apply.
 *
 * <p>The language and the order of evaluation are described for users in docs/POLICIES.md.
 * Inside: {@link org.eucalyptus.common.policy.PolicyParser} reads JSON into a tree that knows
 * where each value was, {@code PolicyReader} checks it into records; per request,
 * {@code CompiledStatement} holds a statement ready to match ({@code Glob} patterns, conditions
 * read by {@code Conditions}, variables by {@code PolicyVariables}).
 */
package org.eucalyptus.common.policy;
