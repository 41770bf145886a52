package org.eucalyptus.clc.api;

/** The EC2 API versions we answer: from the oldest 3.1 accepted through the one today's SDKs send. */
public final class ApiVersions {
  public static final String OLDEST = "2006-06-26";
  public static final String NEWEST = "2016-11-15";
  /** What a request without a Version gets (Eucalyptus 3.1's newest). */
  public static final String DEFAULT = "2012-05-01";

  private ApiVersions() {}

  public static boolean accepted(String version) {
    return version.matches("\\d{4}-\\d{2}-\\d{2}") && version.compareTo(OLDEST) >= 0 && version.compareTo(NEWEST) <= 0;
  }
}
