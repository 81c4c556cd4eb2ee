package dev.winnow.store;

import dev.winnow.WinnowException;

/** An image or manifest could not be written or read, or the store is unusable: the message names the path or URL. */
public final class StoreException extends WinnowException {
  public StoreException(String message, Throwable cause) {
    super(message, FAILURE, cause);
  }

  /** A store that cannot be used as given (a malformed URL, a missing bucket, refused credentials): nothing was run. */
  static StoreException usage(String message) {
    return new StoreException(message, USAGE, null);
  }

  private StoreException(String message, int exitCode, Throwable cause) {
    super(message, exitCode, cause);
  }
}
