package dev.winnow.ledger;

import dev.winnow.WinnowException;

/** The ledger cannot be opened or written: the message names the file and what to do. */
public final class LedgerException extends WinnowException {
  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, FAILURE, cause);
  }
}
