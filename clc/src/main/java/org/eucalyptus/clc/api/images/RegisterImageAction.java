package org.eucalyptus.clc.api.images;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/**
 * Registers a machine image. Until Walrus stores bundles, an image is a file the nodes can read:
 * only the cloud administrator may register one, by a {@code file://} or {@code http(s)://} URL.
 */
public final class RegisterImageAction implements Ec2Action {
  private final ImageStore images;
  private final java.util.function.BooleanSupplier publicByDefault;

  /** @param publicByDefault cloud.images.default_visibility: whether new images can be launched by every account */
  public RegisterImageAction(ImageStore images, java.util.function.BooleanSupplier publicByDefault) {
    this.images = images;
    this.publicByDefault = publicByDefault;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    String location = req.required("ImageLocation");
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw Ec2Exception.invalid("ImageLocation", location, "It is not a URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!scheme.equals("file") && !scheme.equals("http") && !scheme.equals("https")) {
      throw Ec2Exception.invalid("ImageLocation", location,
          "Images are registered from file:// or http(s):// URLs; bundle manifests in Walrus are not served yet.");
    }
    if (!req.caller().admin()) {
      throw new Ec2Exception("AuthFailure", "Only the cloud administrator may register images from URLs",
          io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN);
    }
    if (scheme.equals("file") && !Files.isReadable(Path.of(uri))) {
      throw Ec2Exception.invalid("ImageLocation", location, "No readable file there.");
    }
    String arch = req.param("Architecture") == null ? "x86_64" : req.param("Architecture");
    if (!arch.equals("i386") && !arch.equals("x86_64")) {
      throw Ec2Exception.invalid("Architecture", arch, "It must be i386 or x86_64.");
    }
    String name = req.param("Name") == null ? Path.of(uri.getPath()).getFileName().toString() : req.param("Name");
    if (name.length() > 128) {
      throw Ec2Exception.invalid("Name", name, "It is at most 128 characters.");
    }
    for (String ref : new String[] {"KernelId", "RamdiskId"}) {
      String id = req.param(ref);
      if (id != null && images.find(id).isEmpty()) {
        throw Ec2Exception.invalid(ref, id, "No such image.");
      }
    }
    Image image = images.register(req.caller().accountNumber(), name, req.param("Description"), location, "machine",
        arch, req.param("KernelId"), req.param("RamdiskId"), publicByDefault.getAsBoolean());
    return req.response().element("imageId", image.imageId()).toString();
  }
}
