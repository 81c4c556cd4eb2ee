package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeCalibrationTest {
  @TempDir Path dir;

  /** Always sure (0.99) and always for keeping; the person keeps every other one. */
  private static final VisionJudge OVERCONFIDENT = PairedReviews.judge("overconfident",
      c -> new Judgement(0.9, 0.99, Map.of("composition", 0.8), "looks fine", BigDecimal.ZERO));

  @Test
  void aJudgeSayingPoint99ButAgreeingHalfTheTimeIsCalibratedDownAndMixedReviewHandsItsCasesToThePerson() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      PairedReviews.batch(ledger, "past", 40, OVERCONFIDENT, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);

      JudgeCalibration calibration = JudgeCalibration.from(ledger, "vision:overconfident");
      assertThat(calibration.calibrated()).isTrue();
      assertThat(calibration.pairs()).isEqualTo(40);
      assertThat(calibration.confidence(0.99)).isCloseTo(0.5, within(1e-9));
      assertThat(calibration.rawThreshold(0.9)).isEmpty();
      assertThat(calibration.describeUse(0.9)).contains("calibrated on 40 pairs").contains("a person decides every draft");

      ledger.createBatch("now", "local", "{}", 2, dir.toString());
      Candidate next = PairedReviews.awaiting(ledger, "now", 0);
      try (HumanReviewer person = new HumanReviewer(ledger, "now", new HumanReviewer.Settings(4, Duration.ZERO), Clock.systemUTC());
          VisionReviewer r = VisionReviewer.mixed(OVERCONFIDENT, Rubric.standard(), 1, person, 0.9, ledger, calibration)) {
        CompletableFuture<Verdict> asked = r.review(next, new byte[0]);
        PairedReviews.waitUntil(() -> person.queue().size() == 1);
        assertThat(asked).isNotDone();
        person.decide(next.id(), Pick.REJECT, null, "pat");
        assertThat(asked.get(10, TimeUnit.SECONDS).reviewer()).isEqualTo("human:pat");
      }
    }
  }

  @Test
  void onItsRawWordTheSameJudgeDecidesAlone() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      ledger.createBatch("now", "local", "{}", 2, dir.toString());
      Candidate next = PairedReviews.awaiting(ledger, "now", 0);
      JudgeCalibration raw = JudgeCalibration.from(ledger, "vision:overconfident");
      assertThat(raw.calibrated()).isFalse();
      assertThat(raw.describeUse(0.9)).contains("raw confidence").contains("0 pairs").contains("needs 30");
      try (HumanReviewer person = new HumanReviewer(ledger, "now", new HumanReviewer.Settings(4, Duration.ZERO), Clock.systemUTC());
          VisionReviewer r = VisionReviewer.mixed(OVERCONFIDENT, Rubric.standard(), 1, person, 0.9, ledger, raw)) {
        assertThat(r.review(next, new byte[0]).get(10, TimeUnit.SECONDS).reviewer()).isEqualTo("vision:overconfident");
      }
    }
  }

  @Test
  void belowThirtyPairsTheRawConfidenceStands() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      PairedReviews.batch(ledger, "past", JudgeCalibration.MIN_PAIRS - 1, OVERCONFIDENT, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);
      JudgeCalibration c = JudgeCalibration.from(ledger, "vision:overconfident");
      assertThat(c.calibrated()).isFalse();
      assertThat(c.pairs()).isEqualTo(29);
      assertThat(c.confidence(0.99)).isEqualTo(0.99);
    }
  }

  @Test
  void pairsFromEveryBatchCountTogether() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      PairedReviews.batch(ledger, "monday", 20, OVERCONFIDENT, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);
      PairedReviews.batch(ledger, "tuesday", 20, OVERCONFIDENT, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);
      JudgeCalibration c = JudgeCalibration.from(ledger, "vision:overconfident");
      assertThat(c.pairs()).isEqualTo(40);
      assertThat(c.calibrated()).isTrue();
      assertThat(JudgePair.all(ledger)).hasSize(40).extracting(JudgePair::candidateId).doesNotHaveDuplicates();
    }
  }

  @Test
  void aJudgeWhoseConfidenceTracksAgreementKeepsAThresholdAndOthersPairsDoNotCount() throws Exception {
    // Unsure (0.6) cases agree half the time, sure (0.95) ones always.
    VisionJudge honest = PairedReviews.judge("honest", c -> c.ordinal() % 2 == 0
        ? new Judgement(0.9, 0.95, Map.of(), "clear", BigDecimal.ZERO)
        : new Judgement(0.9, 0.6, Map.of(), "borderline", BigDecimal.ZERO));
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      PairedReviews.batch(ledger, "a", 40, honest, i -> i % 2 == 0 || i % 4 == 1 ? Pick.ACCEPT : Pick.REJECT);
      PairedReviews.batch(ledger, "b", 40, OVERCONFIDENT, i -> Pick.REJECT);
      JudgeCalibration c = JudgeCalibration.from(ledger, "vision:honest");
      assertThat(c.pairs()).isEqualTo(40);
      assertThat(c.confidence(0.6)).isCloseTo(0.5, within(1e-9));
      assertThat(c.confidence(0.95)).isCloseTo(1.0, within(1e-9));
      assertThat(c.rawThreshold(0.9)).hasValue(0.95);
      assertThat(c.describeUse(0.9)).contains("decides alone from raw 0.95");
    }
  }
}
