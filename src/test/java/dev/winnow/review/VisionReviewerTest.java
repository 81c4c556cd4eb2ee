package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionReviewerTest {
  @TempDir Path dir;

  @Test
  void theStandInScoresAFlatGreyFrameLowAndARichSceneHighAndSaysWhatItIs() throws IOException {
    LocalStandInJudge judge = new LocalStandInJudge();
    Judgement flat = judge.judge(null, png(flat()), Rubric.standard());
    Judgement rich = judge.judge(null, png(rich()), Rubric.standard());
    assertThat(flat.accepted()).isFalse();
    assertThat(rich.accepted()).isTrue();
    assertThat(rich.score()).isGreaterThan(flat.score());
    assertThat(flat.reason()).startsWith("local stand-in (image statistics, not a vision model)");
    assertThat(judge.judge(null, new byte[] {1, 2, 3}, Rubric.standard()).accepted()).isFalse();
    assertThat(flat.costUsd()).isZero();
  }

  @Test
  void aloneTheJudgeDecidesEverySurvivorAndTheVerdictNamesIt() throws Exception {
    try (VisionReviewer r = VisionReviewer.alone(new LocalStandInJudge(), Rubric.standard(), 1)) {
      Verdict v = r.review(null, png(rich())).get(10, TimeUnit.SECONDS);
      assertThat(v.accepted()).isTrue();
      assertThat(v.reviewer()).isEqualTo("vision:local-standin");
    }
  }

  @Test
  void mixedTheJudgeDecidesWhatItIsSureOfAndAPersonGetsTheRest() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      ledger.createBatch("b", "local", "{}", 2, dir.toString());
      Candidate sure = awaiting(ledger, 0), unsure = awaiting(ledger, 1);
      VisionJudge judge = new VisionJudge() {
        @Override
        public String name() {
          return "fake";
        }

        @Override
        public Judgement judge(Candidate c, byte[] draft, Rubric rubric) {
          return c.id() == sure.id()
              ? new Judgement(0.9, 0.95, Map.of(), "clear", BigDecimal.ZERO)
              : new Judgement(0.55, 0.2, Map.of(), "borderline", BigDecimal.ZERO);
        }
      };
      try (HumanReviewer person = new HumanReviewer(ledger, "b", new HumanReviewer.Settings(4, Duration.ZERO), Clock.systemUTC());
          VisionReviewer r = VisionReviewer.mixed(judge, Rubric.standard(), 1, person, 0.5, ledger)) {
        Verdict judged = r.review(sure, new byte[0]).get(10, TimeUnit.SECONDS);
        assertThat(judged.reviewer()).isEqualTo("vision:fake");
        CompletableFuture<Verdict> asked = r.review(unsure, new byte[0]);
        waitUntil(() -> person.queue().size() == 1);
        assertThat(person.queue().get(0).candidate().id()).isEqualTo(unsure.id());
        person.decide(unsure.id(), Pick.REJECT, null, "cy");
        assertThat(asked.get(10, TimeUnit.SECONDS).reviewer()).isEqualTo("human:cy");
        // Each judgement is kept (a "judged" row, before any pick) so the person's pick can be paired with it.
        assertThat(ledger.reviews("b")).extracting(Review::verdict).satisfiesExactly(
            v -> assertThat(v).startsWith("judged {"), v -> assertThat(v).isEqualTo("accept"),
            v -> assertThat(v).startsWith("judged {"), v -> assertThat(v).isEqualTo("reject"));
        assertThat(picks(ledger)).containsExactly("vision:fake", "human:cy");
        // The pipeline records every verdict it applies; picks already in the log are not written twice...
        Verdict picked = asked.get();
        ledger.recordVerdict(sure.id(), "accept", judged.rating(), judged.reviewer());
        ledger.recordVerdict(unsure.id(), picked.accepted() ? "accept" : "reject", picked.rating(), picked.reviewer());
        assertThat(picks(ledger)).containsExactly("vision:fake", "human:cy");
        // ...but a different pick, or the same pick by someone else, is.
        ledger.recordVerdict(unsure.id(), "reject", null, "human:dz");
        ledger.recordVerdict(sure.id(), "reject", null, "vision:fake");
        assertThat(picks(ledger)).containsExactly("vision:fake", "human:cy", "human:dz", "vision:fake");
      }
    }
  }

  /** Who made each pick in the log, leaving out the judge's kept scores. */
  private static java.util.List<String> picks(Ledger ledger) {
    return ledger.reviews("b").stream().filter(r -> !r.verdict().startsWith("judged")).map(Review::reviewer).toList();
  }

  private static Candidate awaiting(Ledger ledger, int ordinal) {
    Instructions in = new Instructions("a lake", ordinal, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
    long id = ledger.plan("b", 0, ordinal, in);
    ledger.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/x.png", "image/png"));
    ledger.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
    return ledger.candidate(id);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 10 s");
      Thread.sleep(20);
    }
  }

  private static BufferedImage flat() {
    BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(60, 60, 60));
    g.fillRect(0, 0, 320, 180);
    g.dispose();
    return img;
  }

  /** Mid exposure, strong contrast, fine detail and saturated colour: every statistic the stand-in likes. */
  private static BufferedImage rich() {
    BufferedImage img = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 180; y++) {
      for (int x = 0; x < 320; x++) {
        Color base = Color.getHSBColor((x / 320f + y / 500f) % 1f, 0.8f, 0.35f + 0.5f * ((x / 8 + y / 8) % 2));
        int n = random.nextInt(40) - 20;
        img.setRGB(x, y, new Color(clamp(base.getRed() + n), clamp(base.getGreen() + n), clamp(base.getBlue() + n)).getRGB());
      }
    }
    return img;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
