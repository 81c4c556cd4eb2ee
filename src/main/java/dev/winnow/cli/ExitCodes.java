package dev.winnow.cli;

/** Every exit code winnow uses, in one place (documented in the README and in {@code winnow --help}). */
public final class ExitCodes {
  /** The command did what was asked (for {@code run}: every keeper wanted was delivered). */
  public static final int OK = 0;
  /** The command failed: an API error, an I/O error, fewer keepers than wanted after --max-drafts. */
  public static final int FAILURE = 1;
  /** The command line or the job file was wrong; nothing was run. */
  public static final int USAGE = 2;
  /** The budget cap stopped the batch before it delivered every keeper wanted. */
  public static final int BUDGET_REACHED = 3;
  /** Interrupted (Ctrl-C); the ledger holds everything done so far and the batch can be resumed. */
  public static final int INTERRUPTED = 130;

  public static final String HELP_TEXT =
      "Exit codes: 0 done; 1 failure (or fewer keepers than wanted); 2 usage error; 3 budget cap reached; 130 interrupted.";

  private ExitCodes() {}
}
