package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/** Resets launchPermission: the image becomes private to its owner. */
public final class ResetImageAttributeAction implements Ec2Action {
  private final ImageStore images;

  public ResetImageAttributeAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    Image image = ImageRefs.owned(images, req, req.required("ImageId"));
    String attribute = req.required("Attribute");
    if (!attribute.equals("launchPermission")) {
      throw Ec2Exception.invalid("Attribute", attribute, "Only launchPermission can be reset.");
    }
    images.resetLaunchPermission(image.imageId());
    return req.response().element("return", "true").toString();
  }
}
