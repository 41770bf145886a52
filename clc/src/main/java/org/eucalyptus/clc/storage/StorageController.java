package org.eucalyptus.clc.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered storage controller: the one that keeps the EBS volumes of its zone. */
@Entity
@Table(name = "storage_controllers")
public class StorageController {
  /** Where the SC serves its SOAP contract (the WSDL's address), under its host and port. */
  public static final String SERVICE_PATH = "/services/Storage";
  /** The SC's port when the administrator names none (the WSDL's address). */
  public static final int DEFAULT_PORT = 8776;

  @Id
  @Column(name = "name", length = 64)
  private String name;

  @Column(name = "zone", nullable = false, length = 64)
  private String zone;

  @Column(name = "host", nullable = false)
  private String host;

  @Column(name = "port", nullable = false)
  private int port;

  @Column(name = "registered", nullable = false)
  private Instant registered;

  protected StorageController() {}

  public StorageController(String name, String zone, String host, int port, Instant registered) {
    this.name = name;
    this.zone = zone;
    this.host = host;
    this.port = port;
    this.registered = registered;
  }

  public String name() {
    return name;
  }

  /** The availability zone (cluster name) it serves. */
  public String zone() {
    return zone;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Instant registered() {
    return registered;
  }

  void moveTo(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public String serviceUrl() {
    return "http://" + host + ":" + port + SERVICE_PATH;
  }
}
