package dev.winnow.generate;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * When to try a failed call again. The server's own RetryInfo delay wins when it gave one; otherwise exponential
 * backoff with full jitter. Randomness is injected so a test (or a replayed bug) sees the same delays.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration base;
  private final Duration cap;
  private final Random random;

  public RetryPolicy(int maxAttempts, Duration base, Duration cap, Random random) {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1 (got " + maxAttempts + ")");
    this.maxAttempts = maxAttempts;
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  public static RetryPolicy standard(Random random) {
    return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), random);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait before attempt {@code attemptJustFailed + 1}, or empty when no attempt is left. {@code attemptJustFailed}
   * counts from 1.
   */
  public Optional<Duration> delayAfter(int attemptJustFailed, CallOutcome.Retryable failure) {
    if (attemptJustFailed >= maxAttempts) return Optional.empty();
    if (failure.retryAfter().isPresent()) return failure.retryAfter();
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attemptJustFailed - 1));
    long jittered;
    synchronized (random) {
      jittered = (long) (random.nextDouble() * ceiling);
    }
    return Optional.of(Duration.ofMillis(Math.max(1, jittered)));
  }
}
