package org.eucalyptus.common.xml;

/**
 * A writer was asked to put into a document a character XML 1.0 cannot carry (or a bad element
 * name). Thrown before anything is sent, so the caller answers with an error document instead of
 * a document no client can parse.
 */
public final class InvalidXmlCharacterException extends IllegalArgumentException {
  public InvalidXmlCharacterException(String message) {
    super(message);
  }
}
