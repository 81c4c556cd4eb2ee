package dev.winnow.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** A clock that only moves when the limiter sleeps or the test says so. */
  private static final class FakeTime {
    long now = 1_000 * SECOND;

    RateLimiter limiter(int perMinute, int burst, double headroom) {
      return new RateLimiter(perMinute, burst, headroom, () -> now, nanos -> now += nanos);
    }
  }

  private static List<Long> starts(FakeTime time, RateLimiter limiter, int calls) throws InterruptedException {
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      limiter.acquire();
      starts.add(time.now);
    }
    return starts;
  }

  @Test
  void spacesCallsEvenlyAtTheConfiguredRate() throws Exception {
    FakeTime time = new FakeTime();
    List<Long> starts = starts(time, time.limiter(120, 1, 0), 5);

    for (int i = 1; i < starts.size(); i++) assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(SECOND / 2);
  }

  @Test
  void theRunLimiterNeverPutsMoreThanTheQuotaInAnySixtySecondWindow() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(120, 1, RateLimiter.DEFAULT_HEADROOM);
    List<Long> starts = starts(time, limiter, 1_000);

    // Call i+120 would be the 121st in a window starting at call i: it must come over 60 s later, with room to spare
    // for requests that reach the server closer together than we sent them.
    long closest = Long.MAX_VALUE;
    for (int i = 0; i + 120 < starts.size(); i++) closest = Math.min(closest, starts.get(i + 120) - starts.get(i));
    assertThat(closest).isGreaterThan(60 * SECOND + SECOND / 2);
  }

  @Test
  void theRunLimiterKeepsTheQuotaNinetyNinePercentBusy() throws Exception {
    FakeTime time = new FakeTime();
    long start = time.now;
    List<Long> starts = starts(time, time.limiter(120, 1, RateLimiter.DEFAULT_HEADROOM), 1_189);

    double minutes = (starts.get(starts.size() - 1) - start) / (60.0 * SECOND);
    assertThat(starts.size() / minutes / 120).isBetween(0.985, 1.0);
  }

  @Test
  void aBurstIsAllowedAfterIdleTimeButNoMore() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(60, 5, 0);
    time.now += 60 * SECOND;

    List<Long> starts = starts(time, limiter, 6);

    assertThat(starts.subList(0, 5)).containsOnly(starts.get(0));
    assertThat(starts.get(5) - starts.get(0)).isEqualTo(SECOND);
  }

  @Test
  void aPauseHoldsTheNextCallBackForThatLong() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(120, 1, 0);
    limiter.acquire();
    long pausedAt = time.now;

    limiter.pause(Duration.ofSeconds(7));
    limiter.acquire();

    assertThat(time.now - pausedAt).isEqualTo(7 * SECOND);
  }

  @Test
  void pausesReportedByManyWorkersDoNotAddUp() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(120, 1, 0);
    long pausedAt = time.now;

    for (int worker = 0; worker < 10; worker++) limiter.pause(Duration.ofSeconds(7));
    limiter.acquire();

    assertThat(time.now - pausedAt).isEqualTo(7 * SECOND);
  }

  @Test
  void callsAfterAPauseAreSpacedAgain() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(120, 1, 0);
    limiter.pause(Duration.ofSeconds(3));

    List<Long> starts = starts(time, limiter, 3);

    assertThat(starts.get(1) - starts.get(0)).isEqualTo(SECOND / 2);
    assertThat(starts.get(2) - starts.get(1)).isEqualTo(SECOND / 2);
  }

  @Test
  void rejectsANonPositiveRateNamingTheFlag() {
    assertThatThrownBy(() -> RateLimiter.perMinute(0)).hasMessage("--rpm must be at least 1 (got 0)");
    assertThatThrownBy(() -> new RateLimiter(60, 1, 0.5, () -> 0, n -> {}))
        .hasMessage("rate limiter headroom must be in [0, 0.5) (got 0.5)");
  }
}
