package dev.winnow;

/**
 * The one error type users see: its message is a single line that says what was wrong and, where it can, what to do
 * instead. The CLI prints it without a stack trace and exits with {@link #exitCode()}.
 */
public class WinnowException extends RuntimeException {
  /** Exit code for a failure of the run (as opposed to a usage mistake, 2). */
  public static final int FAILURE = 1;

  public static final int USAGE = 2;

  private final int exitCode;

  public WinnowException(String message) {
    this(message, FAILURE, null);
  }

  public WinnowException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  public WinnowException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
