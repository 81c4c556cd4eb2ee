package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.cost.PriceTable;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.Judgement;
import dev.winnow.review.PairedReviews;
import dev.winnow.review.Pick;
import dev.winnow.review.VisionJudge;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJudgeTest {
  @TempDir Path dir;

  @Test
  void aJudgedBatchsReportShowsAgreementWithPeopleAndWhatTheLedgerCalibrates() throws Exception {
    VisionJudge overconfident = PairedReviews.judge("overconfident",
        c -> new Judgement(0.9, 0.99, Map.of("composition", c.ordinal() % 2 == 0 ? 0.9 : 0.1), "fine", BigDecimal.ZERO));
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      PairedReviews.batch(ledger, "past", 32, overconfident, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);
      PairedReviews.batch(ledger, "small", 6, overconfident, i -> Pick.ACCEPT);
      ledger.createBatch("unjudged", "local", "{}", 1, dir.toString());

      String small = Report.html(ledger, "small", PriceTable.builtIn(), Report.Images.LINKED);
      assertThat(small).contains("<h2>Judge against people</h2>");
      assertThat(small).contains("<td>vision:overconfident</td><td>overall verdict</td><td>6</td><td>100%</td><td>–</td>");
      assertThat(small).contains("<td>composition ≥ 0.5</td><td>6</td><td>50%</td>");
      assertThat(small).contains("6 pairs in this batch, too few to trust these figures");
      // The calibration is the ledger's: 38 pairs, half agreed at 0.99 on the first batch, all on the second.
      assertThat(small).contains("calibrated on 38 pairs").contains("a person decides every draft");

      String past = Report.html(ledger, "past", PriceTable.builtIn(), Report.Images.LINKED);
      assertThat(past).contains("<td>vision:overconfident</td><td>overall verdict</td><td>32</td><td>50%</td>");
      assertThat(past).doesNotContain("too few to trust");

      assertThat(Report.html(ledger, "unjudged", PriceTable.builtIn(), Report.Images.LINKED)).doesNotContain("Judge against people");
    }
  }
}
