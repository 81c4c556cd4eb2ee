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

  private Graceful() {}

  /** Interrupts {@code worker} when the JVM is asked to stop, and waits for it (up to {@link #GRACE}). */
  static void onStop(Thread worker) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping = true;
      worker.interrupt();
      try {
        worker.join(GRACE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "winnow-stop"));
  }

  /** True once a stop began: System.exit would then wait for the hook that waits for us. */
  static boolean stopping() {
    return stopping;
  }
}
