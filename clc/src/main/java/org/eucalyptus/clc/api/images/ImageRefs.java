package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/** Finds an image the caller owns (what changing or removing an image needs). */
final class ImageRefs {
  private ImageRefs() {}

  static Image owned(ImageStore images, QueryRequest req, String imageId) throws ApiException {
    if (!imageId.matches("e[mkr]i-[0-9a-fA-F]{8}|ami-[0-9a-fA-F]{8}")) {
      throw new ApiException("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
    }
    Image image = images.find(imageId).filter(i -> i.state().equals("available")).orElseThrow(() ->
        new ApiException("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist"));
    if (!image.ownerAccount().equals(req.caller().accountNumber()) && !req.caller().admin()) {
      throw new ApiException("AuthFailure", "Not authorized for image " + imageId,
          io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN);
    }
    return image;
  }
}
