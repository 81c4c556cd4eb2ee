package dev.winnow.generate;

import dev.winnow.WinnowException;

/** A Batch API call that failed (the job may still be fine: creation is retried after a find, polls are retried). */
public final class BatchLaneException extends WinnowException {
  private final int status;

  public BatchLaneException(int status, String message) {
    super(message, WinnowException.FAILURE);
    this.status = status;
  }

  /** The HTTP status, 0 when the request got no answer. */
  public int status() {
    return status;
  }
}
