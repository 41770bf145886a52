package org.eucalyptus.clc.instances;

/** EC2 instance states with their API codes. */
public enum InstanceState {
  PENDING(0, "pending"),
  RUNNING(16, "running"),
  SHUTTING_DOWN(32, "shutting-down"),
  TERMINATED(48, "terminated");

  private final int code;
  private final String apiName;

  InstanceState(int code, String apiName) {
    this.code = code;
    this.apiName = apiName;
  }

  public int code() {
    return code;
  }

  public String apiName() {
    return apiName;
  }

  public boolean canMoveTo(InstanceState next) {
    return next.code > code; // the codes rise with the lifecycle
  }

  public boolean isLive() {
    return this == PENDING || this == RUNNING;
  }

  public static InstanceState fromApiName(String name) {
    for (InstanceState s : values()) {
      if (s.apiName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown instance state " + name);
  }
}
