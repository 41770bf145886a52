package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.images.ImageStore;

/** Deregisters an image; instances already running from it go on. */
public final class DeregisterImageAction implements Ec2Action {
  private final ImageStore images;

  public DeregisterImageAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    images.deregister(ImageRefs.owned(images, req, req.required("ImageId")).imageId());
    return req.response().element("return", "true").toString();
  }
}
