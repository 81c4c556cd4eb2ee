package dev.winnow.generate.gemini;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One model's admitted calls at the wire server, as nanosecond stamps in the order they were admitted. The quota's
 * rolling minute and the utilisation figures of {@code GET /stats} both read this one record, so what the server
 * enforced and what it reports cannot disagree. Stamps are taken under the lock, so they never go backwards.
 */
final class Admissions {
  static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanos;
  private long[] at = new long[1024];
  private int size;

  Admissions(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * Admits a call now if fewer than {@code rpm} calls were admitted in the minute before it ({@code rpm} 0: no quota)
   * and returns empty; otherwise admits nothing and returns the nanos until the oldest of those leaves the minute.
   */
  synchronized OptionalLong admit(int rpm) {
    long now = nanos.getAsLong();
    if (rpm > 0) {
      int first = firstAfter(now - MINUTE);
      if (size - first >= rpm) return OptionalLong.of(at[first] + MINUTE - now);
    }
    if (size == at.length) at = Arrays.copyOf(at, size * 2);
    at[size++] = now;
    return OptionalLong.empty();
  }

  synchronized int count() {
    return size;
  }

  /**
   * Calls admitted in each minute since {@code origin}: element k counts [origin + k min, origin + (k+1) min), up to
   * the minute holding {@code now} (so the last element is a partial minute).
   */
  synchronized long[] perMinute(long origin, long now) {
    long[] minutes = new long[(int) (Math.max(0, now - origin) / MINUTE) + 1];
    for (int i = 0; i < size; i++) {
      int k = (int) (Math.max(0, at[i] - origin) / MINUTE);
      if (k < minutes.length) minutes[k]++;
    }
    return minutes;
  }

  /** The most calls admitted in any rolling minute: at most the quota when the quota held. */
  synchronized int maxInRollingMinute() {
    int max = 0;
    for (int first = 0, last = 0; last < size; last++) {
      // The quota counts the calls in (t - 1 min, t], so a call exactly a minute older has already left.
      while (at[first] <= at[last] - MINUTE) first++;
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  /** Index of the first stamp later than {@code t} ({@code size} if none). */
  private int firstAfter(long t) {
    int lo = 0, hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (at[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
