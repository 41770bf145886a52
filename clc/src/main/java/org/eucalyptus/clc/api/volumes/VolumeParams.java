package org.eucalyptus.clc.api.volumes;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;

/** The volume actions' shared parameters: volume ids and devices, checked for form before any work. */
final class VolumeParams {
  private VolumeParams() {}

  static final String VOLUME_ID = "vol-[0-9a-f]{8}([0-9a-f]{9})?";
  /** The devices a volume may take: Xen/SCSI names /dev/sdf–/dev/sdp, virtio /dev/vdb–/dev/vdz, /dev/xvdb–/dev/xvdz. */
  static final String DEVICE = "/dev/(sd[f-p]|vd[b-z]|xvd[b-z])";

  static String volumeId(QueryRequest req) throws ApiException {
    String id = req.required("VolumeId");
    checkVolumeId(id);
    return id;
  }

  static void checkVolumeId(String id) throws ApiException {
    if (!id.matches(VOLUME_ID)) {
      throw new ApiException("InvalidParameterValue", "Value (" + org.eucalyptus.common.xml.XmlChars.printable(id)
          + ") for parameter volumeId is invalid. Expected: 'vol-...'.");
    }
  }

  static String instanceId(QueryRequest req, boolean required) throws ApiException {
    String id = required ? req.required("InstanceId") : req.param("InstanceId");
    if (id != null && !id.matches("i-[0-9a-f]{8}([0-9a-f]{9})?")) {
      throw new ApiException("InvalidInstanceID.Malformed", "Invalid id: \""
          + org.eucalyptus.common.xml.XmlChars.printable(id) + "\"");
    }
    return id;
  }

  static String device(QueryRequest req, boolean required) throws ApiException {
    String d = required ? req.required("Device") : req.param("Device");
    if (d != null && !d.matches(DEVICE)) {
      throw ApiException.invalid("Device", d,
          "A volume is attached as /dev/sdf to /dev/sdp, /dev/vdb to /dev/vdz, or /dev/xvdb to /dev/xvdz.");
    }
    return d;
  }

  /**
   * AttachVolume's Device: as {@link #device}, or a root device name (/dev/sda1, /dev/xvda, /dev/vda),
   * which the store takes only for a stopped instance's own root (a root volume given back to it).
   */
  static String attachDevice(QueryRequest req) throws ApiException {
    String d = req.required("Device");
    return d.matches(ROOT_DEVICE) ? d : device(req, true);
  }

  private static final String ROOT_DEVICE = "/dev/(sd|xvd|vd)a[0-9]{0,2}";
}
