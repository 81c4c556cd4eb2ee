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

  private LedgerException(String message, int exitCode) {
    super(message, exitCode);
  }

  /** A --db the user can fix by typing it again: exits as a usage mistake. */
  static LedgerException usage(String message) {
    return new LedgerException(message, USAGE);
  }
}
