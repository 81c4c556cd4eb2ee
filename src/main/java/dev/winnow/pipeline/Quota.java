package dev.winnow.pipeline;

import dev.winnow.generate.RateLimiter;
import dev.winnow.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Admission to a model's per-minute quota. The quota belongs to the API project, not to a process: {@link #shared}
 * keeps one token bucket per model in the ledger, so every process on it together stays under {@code --rpm}.
 */
public interface Quota {
  /** Blocks until a call to {@code model} may start. */
  void acquire(String model) throws InterruptedException;

  /** The server said the quota is spent for {@code pause}: calls not yet admitted wait that long. */
  void pause(String model, Duration pause);

  /** Requests per minute allowed to {@code model}, for pacing the calls in flight. */
  int rpm(String model);

  /** One bucket per model in the ledger, drawn from by every process that shares it. */
  static Quota shared(Ledger ledger, int rpm, Clock clock) {
    return new Shared(ledger, rpm, clock);
  }

  /** A limiter per model in this process alone (tests, and calls outside any ledger). */
  static Quota local(int rpm, Function<String, RateLimiter> limiters) {
    return new Local(rpm, limiters);
  }

  /** No limit at all: tests whose model answers at once. */
  static Quota unlimited() {
    return local(60_000_000, m -> new RateLimiter(60_000_000, 1_000_000, System::nanoTime, n -> {}));
  }

  /** In-process limiters, as built by {@code limiters}. */
  final class Local implements Quota {
    private final int rpm;
    private final Function<String, RateLimiter> factory;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    private Local(int rpm, Function<String, RateLimiter> factory) {
      this.rpm = rpm;
      this.factory = factory;
    }

    @Override
    public void acquire(String model) throws InterruptedException {
      limiters.computeIfAbsent(model, factory).acquire();
    }

    @Override
    public void pause(String model, Duration pause) {
      limiters.computeIfAbsent(model, factory).pause(pause);
    }

    @Override
    public int rpm(String model) {
      return rpm;
    }
  }

  /** The ledger's bucket: each acquire takes the next start slot in one transaction, then sleeps until it. */
  final class Shared implements Quota {
    private final Ledger ledger;
    private final int rpm;
    private final Clock clock;

    private Shared(Ledger ledger, int rpm, Clock clock) {
      if (rpm < 1) throw new IllegalArgumentException("--rpm must be at least 1 (got " + rpm + ")");
      this.ledger = ledger;
      this.rpm = rpm;
      this.clock = clock;
    }

    @Override
    public void acquire(String model) throws InterruptedException {
      long startAt = ledger.quota().takeQuotaSlot(model, rpm, RateLimiter.DEFAULT_HEADROOM, clock.millis());
      long wait = startAt - clock.millis();
      if (wait > 0) Thread.sleep(wait);
    }

    @Override
    public void pause(String model, Duration pause) {
      ledger.quota().pauseQuota(model, rpm, RateLimiter.DEFAULT_HEADROOM, clock.millis(), pause.toMillis());
    }

    @Override
    public int rpm(String model) {
      return rpm;
    }
  }
}
