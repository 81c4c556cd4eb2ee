package dev.winnow.generate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces the calls to one model so a batch keeps its quota busy without tripping it: a token bucket of
 * {@code perMinute} requests that refills continuously and holds at most {@code burst} tokens. The time source is
 * injected (nanoseconds) so tests run without sleeping.
 *
 * <p>A provider counts a per-minute quota over a rolling minute, and sees our calls a little later than we start
 * them, with jitter. So {@link #perMinute} runs a hair under the quota ({@code headroom}, 1%) with no burst: then
 * no 60-second window at the server can hold more than the quota, and the quota stays 99% busy.
 */
public final class RateLimiter {
  /** How a limiter waits; the real one sleeps, a test's advances a fake clock. */
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** Share of the quota {@link #perMinute} leaves unused to absorb network jitter. */
  public static final double DEFAULT_HEADROOM = 0.01;

  private final double tokensPerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  /** Exactly {@code perMinute} calls a minute, bursts of up to {@code burst} after idle time. */
  public RateLimiter(int perMinute, int burst, LongSupplier nanoClock, Sleeper sleeper) {
    this(perMinute, burst, 0, nanoClock, sleeper);
  }

  /** {@code perMinute × (1 − headroom)} calls a minute, bursts of up to {@code burst} after idle time. */
  public RateLimiter(int perMinute, int burst, double headroom, LongSupplier nanoClock, Sleeper sleeper) {
    if (perMinute < 1) throw new IllegalArgumentException("--rpm must be at least 1 (got " + perMinute + ")");
    if (!(headroom >= 0 && headroom < 0.5)) {
      throw new IllegalArgumentException("rate limiter headroom must be in [0, 0.5) (got " + headroom + ")");
    }
    this.tokensPerNano = perMinute * (1 - headroom) / TimeUnit.MINUTES.toNanos(1);
    this.burst = Math.max(1, burst);
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.tokens = 1;
    this.last = nanoClock.getAsLong();
  }

  /** The limiter a run uses for a model whose quota is {@code perMinute} requests per minute. */
  public static RateLimiter perMinute(int perMinute) {
    return new RateLimiter(perMinute, 1, DEFAULT_HEADROOM, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
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

  /**
   * Holds back every call not yet reserved until {@code pause} from now, e.g. after a 429 whose RetryInfo said the
   * quota is spent for that long. Idempotent: when ten workers report the same 429, the pause is not ten times as
   * long. Calls reserved beyond the pause keep their slots.
   */
  public synchronized void pause(Duration pause) {
    refill();
    // After the next acquire takes its token, it must wait exactly `pause`.
    tokens = Math.min(tokens, 1 - pause.toNanos() * tokensPerNano);
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
    last = now;
  }
}
