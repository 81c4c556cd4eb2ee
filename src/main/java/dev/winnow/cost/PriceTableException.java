package dev.winnow.cost;

import dev.winnow.WinnowException;

/** A price file that cannot be used; the message names the file, the key and the value. */
public final class PriceTableException extends WinnowException {
  public PriceTableException(String message) {
    super(message);
  }
}
