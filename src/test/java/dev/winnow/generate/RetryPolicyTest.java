package dev.winnow.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final CallOutcome.Retryable OVERLOADED = new CallOutcome.Retryable(503, "overloaded", Optional.empty());

  private static RetryPolicy policy(long seed) {
    return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), new Random(seed));
  }

  @Test
  void theServersRetryInfoDelayWins() {
    CallOutcome.Retryable limited = new CallOutcome.Retryable(429, "quota", Optional.of(Duration.ofSeconds(7)));

    assertThat(policy(1).delayAfter(1, limited)).contains(Duration.ofSeconds(7));
    assertThat(policy(1).delayAfter(5, limited)).contains(Duration.ofSeconds(7));
  }

  @Test
  void backsOffExponentiallyWithFullJitterUnderTheCap() {
    RetryPolicy policy = policy(42);
    for (int attempt = 1; attempt <= 5; attempt++) {
      long ceiling = Math.min(30_000, 500L << (attempt - 1));
      for (int i = 0; i < 50; i++) {
        assertThat(policy.delayAfter(attempt, OVERLOADED).orElseThrow().toMillis()).isBetween(1L, ceiling);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    List<Duration> first = new ArrayList<>();
    List<Duration> second = new ArrayList<>();
    RetryPolicy a = policy(7);
    RetryPolicy b = policy(7);
    for (int attempt = 1; attempt <= 5; attempt++) {
      first.add(a.delayAfter(attempt, OVERLOADED).orElseThrow());
      second.add(b.delayAfter(attempt, OVERLOADED).orElseThrow());
    }

    assertThat(first).isEqualTo(second);
  }

  @Test
  void jitterSpreadsWorkersThatFailedTogether() {
    RetryPolicy policy = policy(3);
    List<Long> delays = new ArrayList<>();
    for (int worker = 0; worker < 20; worker++) delays.add(policy.delayAfter(3, OVERLOADED).orElseThrow().toMillis());

    assertThat(delays.stream().distinct().count()).isGreaterThan(15);
  }

  @Test
  void stopsAfterTheLastAttemptEvenWhenTheServerSaysWhenToComeBack() {
    CallOutcome.Retryable limited = new CallOutcome.Retryable(429, "quota", Optional.of(Duration.ofSeconds(7)));

    assertThat(policy(1).delayAfter(6, OVERLOADED)).isEmpty();
    assertThat(policy(1).delayAfter(6, limited)).isEmpty();
  }

  @Test
  void rejectsFewerThanOneAttempt() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), new Random()))
        .hasMessage("maxAttempts must be at least 1 (got 0)");
  }
}
