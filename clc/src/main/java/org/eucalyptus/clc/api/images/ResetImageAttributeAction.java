package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/** Resets launchPermission: the image becomes private to its owner. */
public final class ResetImageAttributeAction implements QueryAction {
  private final ImageStore images;

  public ResetImageAttributeAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Image image = ImageRefs.owned(images, req, req.required("ImageId"));
    String attribute = req.required("Attribute");
    if (!attribute.equals("launchPermission")) {
      throw ApiException.invalid("Attribute", attribute, "Only launchPermission can be reset.");
    }
    images.resetLaunchPermission(image.imageId());
    return req.response().element("return", "true").toString();
  }
}
