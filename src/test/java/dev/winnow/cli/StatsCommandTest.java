package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class StatsCommandTest {
  @TempDir Path dir;

  @Test
  void statsShowsHowOftenEachJudgeAgreedWithPeopleAndTheCalibratedThreshold() throws Exception {
    Path db = dir.resolve("w.db");
    // Sure (0.95) on even drafts and always right; unsure (0.6) on odd ones and right half the time. Its
    // "composition" criterion says yes only on even drafts.
    VisionJudge honest = PairedReviews.judge("honest", c -> c.ordinal() % 2 == 0
        ? new Judgement(0.9, 0.95, Map.of("composition", 0.8), "clear", BigDecimal.ZERO)
        : new Judgement(0.9, 0.6, Map.of("composition", 0.3), "borderline", BigDecimal.ZERO));
    // Says 0.99 every time and is right half the time, but only 10 pairs: too few to calibrate.
    VisionJudge brash = PairedReviews.judge("brash", c -> new Judgement(0.9, 0.99, Map.of(), "fine", BigDecimal.ZERO));
    try (Ledger ledger = Ledger.open(db)) {
      PairedReviews.batch(ledger, "a", 40, honest, i -> i % 2 == 0 || i % 4 == 1 ? Pick.ACCEPT : Pick.REJECT);
      PairedReviews.batch(ledger, "b", 10, brash, i -> i % 2 == 0 ? Pick.ACCEPT : Pick.REJECT);
    }

    InProcess text = InProcess.run("stats", "--db", db.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    // honest: 30 of 40 agree; composition agrees on all 20 even drafts and on the 10 odd ones rejected = 30 of 40.
    assertThat(text.out()).containsPattern("vision:honest\\s+overall\\s+75%\\s+kappa\\s+0\\.00\\s+40 pairs");
    assertThat(text.out()).containsPattern("composition\\s+75%\\s+kappa\\s+0\\.50\\s+40 pairs");
    assertThat(text.out()).contains("calibrated on 40 pairs (isotonic)").contains("--min-confidence 0.90 holds from raw 0.95");
    assertThat(text.out()).containsPattern("vision:brash\\s+overall\\s+50%\\s+kappa\\s+0\\.00\\s+10 pairs");
    assertThat(text.out()).contains("too few pairs to trust these figures or to calibrate (10 of 30 needed)");

    InProcess json = InProcess.run("stats", "--db", db.toString(), "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode judges = new ObjectMapper().readTree(json.out()).get("judges");
    assertThat(judges).hasSize(2);
    JsonNode honestJson = judges.get(1);
    assertThat(honestJson.get("judge").asText()).isEqualTo("vision:honest");
    assertThat(honestJson.get("pairs").asInt()).isEqualTo(40);
    assertThat(honestJson.get("accuracy").asDouble()).isEqualTo(0.75);
    assertThat(honestJson.get("calibrated").asBoolean()).isTrue();
    assertThat(honestJson.get("thresholds").get("0.90").asDouble()).isEqualTo(0.95);
    assertThat(honestJson.get("criteria").get(0).get("criterion").asText()).isEqualTo("composition");
    assertThat(judges.get(0).get("calibrated").asBoolean()).isFalse();
    assertThat(judges.get(0).get("thresholds").get("0.90").isNull()).isTrue();
  }
}
