package dev.winnow.pipeline;

import java.time.Duration;

/** How the paid call waits (for a retry, or a quota the server said is spent); tests pass one that does not sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** Thread.sleep, at least a millisecond. */
  static Sleeper real() {
    return d -> Thread.sleep(Math.max(1, d.toMillis()));
  }
}
