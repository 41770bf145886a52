package org.eucalyptus.cc.volumes;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;

/**
 * Hands a placed instance's EBS volumes on to its node. The cloud controller asks the storage
 * controller for each volume's export before the cluster has chosen a node, so the CHAP password
 * arrives sealed for this cluster controller's certificate; once the instance is placed, it is
 * opened with this cluster controller's key and sealed again for the chosen node's certificate, which
 * must be one the cloud issued (it chains to the cloud CA this cluster controller was enrolled with).
 * The password is clear only in this process's memory, for the time of the call.
 */
public final class BootVolumeSeals {
  private final ComponentKeys keys;

  public BootVolumeSeals(ComponentKeys keys) {
    this.keys = keys;
  }

  /** Why a node cannot be given an instance's volumes. */
  public static final class SealException extends Exception {
    public SealException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Copies of {@code records}, each {@code ebs} one's password sealed for {@code nodeCertificatePem}
   * instead of this cluster controller; records of other types are copied as they are.
   */
  public List<VirtualBootRecordType> forNode(List<VirtualBootRecordType> records, String nodeCertificatePem)
      throws SealException {
    List<VirtualBootRecordType> out = new ArrayList<>();
    if (records.stream().noneMatch(r -> r.getChapPassword() != null)) {
      records.forEach(r -> out.add(copy(r, r.getChapPassword())));
      return out;
    }
    ComponentKeys.Trust trust = keys.trust().orElseThrow(() -> new SealException(
        "this cluster controller is not enrolled: it cannot open the volumes' passwords", null));
    PrivateKey mine = keys.privateKey().orElseThrow(() -> new SealException(
        "this cluster controller has no key to open the volumes' passwords", null));
    X509Certificate node = nodeCertificate(nodeCertificatePem, trust.cloudCa());
    for (VirtualBootRecordType r : records) {
      if (r.getChapPassword() == null) {
        out.add(copy(r, null));
        continue;
      }
      try {
        out.add(copy(r, SealedSecrets.seal(SealedSecrets.open(r.getChapPassword(), mine), node.getPublicKey())));
      } catch (GeneralSecurityException e) {
        throw new SealException("the password of volume " + r.getId() + " was not sealed for this cluster"
            + " controller's certificate: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The node's certificate, if the cloud CA issued it and it is current. */
  private static X509Certificate nodeCertificate(String pem, X509Certificate cloudCa) throws SealException {
    if (pem == null || pem.isBlank()) {
      throw new SealException("the node has no certificate yet (it is not enrolled)", null);
    }
    try {
      X509Certificate c = Pem.certificate(pem);
      c.verify(cloudCa.getPublicKey());
      c.checkValidity();
      return c;
    } catch (GeneralSecurityException e) {
      throw new SealException("the node's certificate is not one of this cloud's: " + e.getMessage(), e);
    }
  }

  private static VirtualBootRecordType copy(VirtualBootRecordType r, String password) {
    VirtualBootRecordType c = new VirtualBootRecordType();
    c.setResourceLocation(r.getResourceLocation());
    c.setGuestDeviceName(r.getGuestDeviceName());
    c.setSize(r.getSize());
    c.setFormat(r.getFormat());
    c.setId(r.getId());
    c.setType(r.getType());
    c.setChapUser(r.getChapUser());
    c.setChapPassword(password);
    return c;
  }
}
