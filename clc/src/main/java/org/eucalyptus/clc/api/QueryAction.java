package org.eucalyptus.clc.api;

/** One Query API action (EC2, IAM, admin services): reads its parameters, does the work, and writes the response document. */
@FunctionalInterface
public interface QueryAction {
  String execute(QueryRequest request) throws ApiException;
}
