package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wire server's record of admitted calls, on a clock the test moves. */
class AdmissionsTest {
  private long now;
  private final Admissions admissions = new Admissions(() -> now);

  private void at(double seconds) {
    now = (long) (seconds * TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aCallLeavesTheQuotaExactlyAMinuteAfterItWasAdmitted() {
    at(0);
    assertThat(admissions.admit(2)).isEmpty();
    at(10);
    assertThat(admissions.admit(2)).isEmpty();
    at(30);
    assertThat(admissions.admit(2)).hasValue(TimeUnit.SECONDS.toNanos(30));
    at(60);
    assertThat(admissions.admit(2)).isEmpty();
    assertThat(admissions.count()).isEqualTo(3);
  }

  @Test
  void countsEachMinuteSinceTheOriginUpToNow() {
    for (double t : new double[] {1, 2, 59.9, 60, 185}) {
      at(t);
      admissions.admit(0);
    }

    assertThat(admissions.perMinute(0, TimeUnit.SECONDS.toNanos(200))).containsExactly(3, 1, 0, 1);
  }

  @Test
  void theBusiestRollingMinuteNeedNotStartOnAMinute() {
    for (double t : new double[] {0, 50, 55, 70, 109.9, 110}) {
      at(t);
      admissions.admit(0);
    }

    // (50, 110] holds 55, 70, 109.9, 110; the fixed minutes hold 3 and 3.
    assertThat(admissions.maxInRollingMinute()).isEqualTo(4);
    assertThat(admissions.perMinute(0, TimeUnit.SECONDS.toNanos(110))).containsExactly(3, 3);
  }
}
