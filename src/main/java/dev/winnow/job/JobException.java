package dev.winnow.job;

import dev.winnow.WinnowException;

/** A job that cannot run as given: a usage error (exit 2) whose message names the flag or key and the value. */
public final class JobException extends WinnowException {
  public JobException(String message) {
    super(message, USAGE);
  }
}
