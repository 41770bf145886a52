package org.eucalyptus.clc.clusters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered cluster controller; its name is the availability zone's name. */
@Entity
@Table(name = "clusters")
public class Cluster {
  @Id
  @Column(name = "name", length = 64)
  private String name;

  @Column(name = "host", nullable = false)
  private String host;

  @Column(name = "port", nullable = false)
  private int port;

  @Column(name = "registered", nullable = false)
  private Instant registered;

  protected Cluster() {}

  public Cluster(String name, String host, int port, Instant registered) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.registered = registered;
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public void moveTo(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public String serviceUrl() {
    return "http://" + host + ":" + port + "/axis2/services/EucalyptusCC";
  }
}
