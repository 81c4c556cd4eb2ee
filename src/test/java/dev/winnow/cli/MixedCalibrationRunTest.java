package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.Ledger;
import dev.winnow.review.Judgement;
import dev.winnow.review.PairedReviews;
import dev.winnow.review.Pick;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedCalibrationRunTest {
  @TempDir Path dir;

  @Test
  void mixedReviewSaysWhichConfidenceItComparesAndFirstRunsOnTheRawOne() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "misty mountains at dawn", "--want", "1",
        "--review", "vision", "--mixed", "--min-confidence", "0", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("mixed review: --min-confidence 0.00 applies to vision:local-standin's raw confidence (0 pairs with a person's pick in the ledger; calibration needs 30)");
  }

  @Test
  void withPastPairsAStandInPeopleAlwaysAgreedWithDecidesAloneAtAnyConfidence() throws Exception {
    // 40 past drafts on which people agreed with the stand-in every time, though it only said 0.5: calibrated, its
    // word is worth 1.0, so --min-confidence 0.9 sends nothing to a person and the batch ends with nobody in the
    // gallery.
    try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
      PairedReviews.batch(ledger, "past", 40,
          PairedReviews.judge("local-standin", c -> new Judgement(0.9, 0.5, Map.of(), "kept", BigDecimal.ZERO)), i -> Pick.ACCEPT);
    }
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "misty mountains at dawn", "--want", "2",
        "--review", "vision", "--mixed", "--min-confidence", "0.9", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("mixed review: --min-confidence 0.90 applies to vision:local-standin's confidence calibrated on 40 pairs with a person's pick (the judge decides alone from raw 0.00)");
    try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
      String batch = ledger.batches().stream().map(b -> b.id()).filter(id -> !id.equals("past")).findFirst().orElseThrow();
      var picks = ledger.reviews(batch).stream().filter(x -> !x.verdict().startsWith("judged")).toList();
      assertThat(picks).hasSizeGreaterThanOrEqualTo(2);
      assertThat(picks).allSatisfy(x -> assertThat(x.reviewer()).isEqualTo("vision:local-standin"));
      assertThat(ledger.reviews(batch).stream().filter(x -> x.verdict().startsWith("judged")).count()).isGreaterThanOrEqualTo(picks.size());
    }
  }
}
