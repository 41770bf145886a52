package org.eucalyptus.clc.storage;

import java.util.Optional;

/**
 * The certificates the cloud issued its node controllers, which the storage controller encrypts an
 * attachment's CHAP password for, so that only the node running the instance can log in to the
 * volume's target.
 */
public interface NodeCertificates {
  /**
   * The PEM certificate of the node whose service URL is {@code serviceTag} (as the cluster reports
   * it for an instance) in {@code cluster}, once the node is enrolled.
   */
  Optional<String> pem(String cluster, String serviceTag);
}
