package org.eucalyptus.clc.images;

/**
 * Where a node fetches an image from: a bundle's manifest URL in Walrus (the node asks Walrus for
 * the decrypted image there), or the URL the administrator registered.
 */
public final class ImageUrls {
  private final ImageStore images;
  private final WalrusManifests walrus;

  public ImageUrls(ImageStore images, WalrusManifests walrus) {
    this.images = images;
    this.walrus = walrus;
  }

  /** Null for an EBS-backed image: its root is a volume, nothing for the node to fetch. */
  public String of(Image image) {
    if (image.ebsBacked()) {
      return null;
    }
    String location = image.location();
    if (location.contains("://")) {
      return location;
    }
    int slash = location.indexOf('/');
    return walrus.url(location.substring(0, slash), location.substring(slash + 1)).toString();
  }

  /** The URL of the image with this id, or null for none. */
  public String of(String imageId) {
    if (imageId == null) {
      return null;
    }
    return images.find(imageId).map(this::of).orElse(null);
  }
}
