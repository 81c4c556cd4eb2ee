package dev.winnow.pipeline;

/**
 * Wakes this process's stages when one of them moved a candidate, so a local batch runs at the speed of its calls.
 * Other processes' moves are seen by polling the ledger at the wait's timeout.
 */
final class Signal {
  private long version;

  synchronized void poke() {
    version++;
    notifyAll();
  }

  /** Waits until poked or {@code ms} passed. */
  synchronized void await(long ms) throws InterruptedException {
    long seen = version;
    long until = System.currentTimeMillis() + ms;
    while (version == seen) {
      long left = until - System.currentTimeMillis();
      if (left <= 0) return;
      wait(left);
    }
  }
}
