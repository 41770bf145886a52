package org.eucalyptus.common.xml;

import java.nio.charset.StandardCharsets;

/**
 * A finished document held as the UTF-8 bytes it is sent as. A large answer assembled from parts
 * kept as bytes ({@link XmlWriter#fragment}) never becomes a string on its way out: encoding an
 * 800 KB answer was a sixth of its cost. Characters are decoded only when someone reads them.
 */
public final class Utf8Document implements CharSequence {
  /** The document in its first {@link #size} bytes (the rest is room the writer did not use). */
  private final byte[] buffer;
  private final int size;
  private String text;

  Utf8Document(byte[] buffer, int size) {
    this.buffer = buffer;
    this.size = size;
  }

  /** The buffer holding the document in its first {@link #size()} bytes, to send as it is; not to be changed. */
  public byte[] buffer() {
    return buffer;
  }

  /** The document's length in bytes. */
  public int size() {
    return size;
  }

  @Override
  public int length() {
    return toString().length();
  }

  @Override
  public char charAt(int index) {
    return toString().charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().subSequence(start, end);
  }

  @Override
  public String toString() {
    if (text == null) {
      text = new String(buffer, 0, size, StandardCharsets.UTF_8);
    }
    return text;
  }
}
