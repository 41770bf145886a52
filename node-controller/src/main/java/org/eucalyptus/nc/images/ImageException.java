package org.eucalyptus.nc.images;

/** An image that could not be fetched or verified, with the reason (shown as the instance's state reason). */
public final class ImageException extends Exception {
  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
