package org.eucalyptus.clc.properties;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A property's value as the administrator set it. */
@Entity
@Table(name = "properties")
public class PropertyValue {
  @Id
  @Column(name = "prop_name", length = 128)
  private String name;

  @Column(name = "prop_value", nullable = false, length = 4096)
  private String value;

  protected PropertyValue() {}

  public PropertyValue(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
