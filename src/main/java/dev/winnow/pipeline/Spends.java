package dev.winnow.pipeline;

import dev.winnow.cost.Usd;
import java.math.BigDecimal;
import java.util.Optional;

/** The {@link Spend} of a run: capped when the job has a budget, counting only otherwise. */
final class Spends {
  private Spends() {}

  static Spend forBudget(Optional<BigDecimal> budgetUsd, long alreadySpentMicros, ProgressListener progress) {
    long cap = budgetUsd.map(Usd::micros).orElse(Long.MAX_VALUE);
    return new Capped(cap, alreadySpentMicros, progress);
  }

  /**
   * Reservation and settlement under one lock: the check "does it fit" and the act "hold it" cannot be separated by
   * another thread, which is how budgets get crossed under concurrency.
   */
  static final class Capped implements Spend {
    private final long cap;
    private final ProgressListener progress;
    private long spent;
    private long reserved;
    private boolean warned;

    Capped(long cap, long spent, ProgressListener progress) {
      this.cap = cap;
      this.spent = spent;
      this.progress = progress;
      this.warned = cap == Long.MAX_VALUE;
    }

    private record Held(long micros) implements Hold {}

    @Override
    public synchronized Optional<Hold> reserve(long micros) {
      if (spent + reserved + micros > cap) return Optional.empty();
      reserved += micros;
      warnAt80();
      return Optional.of(new Held(micros));
    }

    @Override
    public synchronized void settle(Hold hold, long actualMicros) {
      reserved -= hold.micros();
      spent += actualMicros;
    }

    @Override
    public synchronized long spentMicros() {
      return spent;
    }

    @Override
    public synchronized boolean canAfford(long micros) {
      return spent + reserved + micros <= cap;
    }

    private void warnAt80() {
      if (warned || (spent + reserved) * 5 < cap * 4) return;
      warned = true;
      progress.notice("budget: 80% of " + Usd.format(cap) + " committed (" + Usd.format(spent) + " spent, " + Usd.format(reserved) + " in flight)");
    }
  }
}
