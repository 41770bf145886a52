package org.eucalyptus.clc.api.images;

import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeImageAttributeAction implements QueryAction {
  private final ImageStore images;

  public DescribeImageAttributeAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Image image = ImageRefs.owned(images, req, req.required("ImageId"));
    String attribute = req.required("Attribute");
    XmlWriter x = req.response().element("imageId", image.imageId());
    switch (attribute) {
      case "launchPermission" -> {
        x.start("launchPermission");
        if (image.isPublic()) {
          x.start("item").element("group", "all").end();
        }
        for (String account : images.sharedWith(List.of(image.imageId())).get(image.imageId())) {
          x.start("item").element("userId", account).end();
        }
        x.end();
      }
      case "description" -> x.start("description").element("value", image.description()).end();
      case "kernel" -> x.start("kernel").element("value", image.kernelId()).end();
      case "ramdisk" -> x.start("ramdisk").element("value", image.ramdiskId()).end();
      case "productCodes" -> x.empty("productCodes");
      case "blockDeviceMapping" -> x.empty("blockDeviceMapping");
      default -> throw ApiException.invalid("Attribute", attribute,
          "Use launchPermission, description, kernel, ramdisk, productCodes or blockDeviceMapping.");
    }
    return x.toString();
  }
}
