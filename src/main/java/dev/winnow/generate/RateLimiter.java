package dev.winnow.generate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces the calls to one model so a batch keeps its quota busy without tripping it: a token bucket of
 * {@code perMinute} requests that refills continuously and holds at most {@code burst} tokens. The time source is
 * injected (nanoseconds) so tests run without sleeping.
 */
public final class RateLimiter {
  /** How a limiter waits; the real one sleeps, a test's advances a fake clock. */
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final double tokensPerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  public RateLimiter(int perMinute, int burst, LongSupplier nanoClock, Sleeper sleeper) {
    if (perMinute < 1) throw new IllegalArgumentException("--rpm must be at least 1 (got " + perMinute + ")");
    this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
    this.burst = Math.max(1, burst);
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.tokens = 1;
    this.last = nanoClock.getAsLong();
  }

  public static RateLimiter perMinute(int perMinute) {
    return new RateLimiter(perMinute, Math.max(1, perMinute / 60), System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Blocks until a call may start. Fair enough for a batch: waiters reserve their slot before sleeping. */
  public void acquire() throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      refill();
      tokens -= 1;
      waitNanos = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }
    if (waitNanos > 0) sleeper.sleep(waitNanos);
  }

  /** Pushes every waiter back, e.g. after a 429 told us the quota is spent for {@code pause}. */
  public synchronized void pause(Duration pause) {
    refill();
    tokens = Math.min(tokens, 0) - pause.toNanos() * tokensPerNano;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
    last = now;
  }
}
