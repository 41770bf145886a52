package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/** Finds an image the caller owns (what changing or removing an image needs). */
final class ImageRefs {
  private ImageRefs() {}

  static Image owned(ImageStore images, Ec2Request req, String imageId) throws Ec2Exception {
    if (!imageId.matches("e[mkr]i-[0-9a-fA-F]{8}|ami-[0-9a-fA-F]{8}")) {
      throw new Ec2Exception("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
    }
    Image image = images.find(imageId).filter(i -> i.state().equals("available")).orElseThrow(() ->
        new Ec2Exception("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist"));
    if (!image.ownerAccount().equals(req.caller().accountNumber()) && !req.caller().admin()) {
      throw new Ec2Exception("AuthFailure", "Not authorized for image " + imageId,
          io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN);
    }
    return image;
  }
}
