package org.eucalyptus.clc.api;

/** One EC2 action: reads its parameters, does the work, and writes EC2's response document. */
@FunctionalInterface
public interface Ec2Action {
  String execute(Ec2Request request) throws Ec2Exception;
}
