package dev.winnow.cli;

import java.time.Duration;

/**
 * SIGTERM and Ctrl-C as a stop, not a kill: the working thread is interrupted, stops claiming, lets the calls in
 * flight land (they are paid for) and gives its leases back before the JVM exits.
 */
final class Graceful {
  /** How long calls in flight may take to land after a stop before the JVM exits anyway. */
  static final Duration GRACE = Duration.ofSeconds(90);
  private static volatile boolean stopping;
  private static volatile boolean exiting;

  private Graceful() {}

  /** Interrupts {@code worker} when the JVM is asked to stop, and waits for it (up to {@link #GRACE}). */
  static void onStop(Thread worker) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (exiting) return; // the work is over and its thread is the one exiting: nothing to wait for
      stopping = true;
      worker.interrupt();
      try {
        worker.join(GRACE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "winnow-stop"));
  }

  /**
   * Exits with {@code code} once the work has ended on its own; during a stop the shutdown hook is waiting for this
   * thread, and System.exit would wait for the hook, so the thread just returns.
   */
  static void exit(int code) {
    if (stopping) return;
    exiting = true;
    System.exit(code);
  }
}
