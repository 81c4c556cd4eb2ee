package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgePairTest {
  @TempDir Path dir;

  @Test
  void aPersonOverrulingTheStandInJudgeMakesAPairButARatingOrAnUndonePickDoesNot() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      ledger.createBatch("j", "local", "{}", 3, dir.toString());
      Candidate overruled = PairedReviews.awaiting(ledger, "j", 0), undone = PairedReviews.awaiting(ledger, "j", 1), rated = PairedReviews.awaiting(ledger, "j", 2);
      try (VisionReviewer judge = VisionReviewer.alone(new LocalStandInJudge(), Rubric.standard(), 1, ledger)) {
        for (Candidate c : List.of(overruled, undone, rated)) {
          Verdict v = judge.review(c, rich()).get(10, TimeUnit.SECONDS);
          assertThat(v.accepted()).isTrue();
          ledger.recordVerdict(c.id(), "accept", v.rating(), v.reviewer()); // as the pipeline's review stage does
        }
      }
      ledger.recordReview(overruled.id(), "reject", null, "human:ann");
      ledger.recordReview(undone.id(), "reject", null, "human:ann");
      ledger.recordReview(undone.id(), "undo", null, "human:ann");
      ledger.recordReview(rated.id(), "rate", 2, "human:ann");

      List<Review> log = ledger.reviews("j");
      List<JudgePair> pairs = JudgePair.of(log);
      assertThat(pairs).hasSize(1);
      JudgePair p = pairs.get(0);
      assertThat(p.candidateId()).isEqualTo(overruled.id());
      assertThat(p.judge()).isEqualTo("vision:local-standin");
      assertThat(p.judgeAccepted()).isTrue();
      assertThat(p.personAccepted()).isFalse();
      assertThat(p.agreed()).isFalse();
      assertThat(p.criteria()).containsOnlyKeys("exposure", "contrast", "sharpness", "colourfulness");
      assertThat(p.confidence()).isBetween(0.0, 1.0);

      // The judge's kept scores are not picks: the pick in force is still the judge's accept, or the person's.
      Map<Long, Decision> decisions = Decision.fold(log);
      assertThat(decisions.get(rated.id()).pick()).hasValue(Pick.ACCEPT);
      assertThat(decisions.get(rated.id()).reviewer()).isEqualTo("vision:local-standin");
      assertThat(decisions.get(overruled.id()).pick()).hasValue(Pick.REJECT);
      assertThat(JudgePair.anyJudged(log)).isTrue();
    }
  }

  @Test
  void agreementPerCriterionCountsAScoreOfHalfOrMoreAsTheJudgesYes() {
    // Criterion a says yes on 1 and 3, the person keeps only 1: 3 of 4 agree, kappa (0.75 - 0.5) / 0.5 = 0.5.
    // Overall the judge keeps all four: 1 of 4 agree, and kappa 0 (a judge that always says yes shows no skill).
    double[] a = {0.9, 0.2, 0.6, 0.1};
    boolean[] kept = {true, false, false, false};
    List<JudgePair> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) pairs.add(new JudgePair(i, "vision:x", 0.9, 0.7, Map.of("a", a[i]), kept[i]));
    JudgeAgreement j = JudgeAgreement.of(pairs).get(0);
    assertThat(j.judge()).isEqualTo("vision:x");
    assertThat(j.overall().accuracy()).isCloseTo(0.25, within(1e-12));
    assertThat(j.overall().kappa()).isCloseTo(0.0, within(1e-12));
    assertThat(j.criteria().get("a").agreed()).isEqualTo(3);
    assertThat(j.criteria().get("a").kappa()).isCloseTo(0.5, within(1e-12));
    assertThat(j.tooFew()).isTrue();
    assertThat(j.calibration().calibrated()).isFalse();
  }

  /** Saturated, contrasty and detailed: the stand-in judge keeps it. */
  private static byte[] rich() throws Exception {
    BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 180; y++) {
      for (int x = 0; x < 320; x++) {
        Color base = Color.getHSBColor((x / 320f + y / 500f) % 1f, 0.8f, 0.35f + 0.5f * ((x / 8 + y / 8) % 2));
        int n = random.nextInt(40) - 20;
        img.setRGB(x, y, new Color(clamp(base.getRed() + n), clamp(base.getGreen() + n), clamp(base.getBlue() + n)).getRGB());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
