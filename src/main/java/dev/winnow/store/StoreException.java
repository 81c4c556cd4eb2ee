package dev.winnow.store;

import dev.winnow.WinnowException;

/** An image or manifest could not be written: the message names the path. */
public final class StoreException extends WinnowException {
  public StoreException(String message, Throwable cause) {
    super(message, FAILURE, cause);
  }
}
