package org.eucalyptus.clc.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * One SOAP client per storage controller address, made on first use and kept (CXF proxies are
 * thread-safe), every call signed with the cloud CA's key, as the cluster controllers' clients are.
 */
public final class StorageControllerClients {
  /** The SC's long polls (DescribeStorageVolumes/Snapshots) wait at most this long; the client a little longer. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);

  private final Map<String, EucalyptusSCPortType> clients = new ConcurrentHashMap<>();
  private final Supplier<Optional<SigningIdentity>> signer;

  public StorageControllerClients(Supplier<Optional<SigningIdentity>> signer) {
    this.signer = signer;
  }

  public EucalyptusSCPortType forController(StorageController sc) {
    return clients.computeIfAbsent(sc.serviceUrl(), url -> WsSecurity.signing(
        SoapClients.create(EucalyptusSCPortType.class, url, Duration.ofSeconds(5), LONG_POLL.plusSeconds(40)), signer));
  }
}
