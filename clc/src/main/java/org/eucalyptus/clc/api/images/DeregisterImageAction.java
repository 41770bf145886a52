package org.eucalyptus.clc.api.images;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.ImageStore;

/** Deregisters an image; instances already running from it go on. */
public final class DeregisterImageAction implements QueryAction {
  private final ImageStore images;

  public DeregisterImageAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    images.deregister(ImageRefs.owned(images, req, req.required("ImageId")).imageId());
    return req.response().element("return", "true").toString();
  }
}
