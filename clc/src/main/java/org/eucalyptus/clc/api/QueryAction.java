package org.eucalyptus.clc.api;

import org.eucalyptus.clc.errors.DomainException;

/**
 * One Query API action (EC2, IAM, admin services): reads its parameters, does the work, and writes
 * the response document. The domain's refusals pass through as they are; {@link ApiErrors} gives
 * them their code.
 */
@FunctionalInterface
public interface QueryAction {
  String execute(QueryRequest request) throws ApiException, DomainException;
}
