package dev.winnow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.TestLedgers;
import dev.winnow.review.Judgement;
import dev.winnow.review.Rubric;
import dev.winnow.review.VisionJudge;
import dev.winnow.review.VisionReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --select best}: a wave is drafted and scored, and only the best of it, kept apart, become finals. */
class SelectBestTest {
  private static final PriceTable PRICES = PriceTable.builtIn();
  private static final int APART = ScreenSettings.defaults().duplicateDistance();

  @TempDir Path dir;

  @Test
  void theFinalsAreTheBestScoredSurvivorsOfTheWaveAndPairwiseApart() {
    // Scores spread by seed, most drafts above the judge's line: the wave has more good drafts than keepers wanted.
    ScriptedJudge judge = new ScriptedJudge(seed -> 0.5 + ((seed * 0.618034) % 1) * 0.5);
    Job job = job("misty mountains at dawn", 3, 4.0);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, judge, job);
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      List<Candidate> all = ledger.candidates(o.batchId());
      List<Candidate> delivered = inState(all, CandidateState.DELIVERED);
      assertThat(delivered).hasSize(3);
      // The whole first wave was drafted (want x oversample), though three good drafts would have ended a first-come run.
      assertThat(all.stream().filter(c -> c.state() != CandidateState.PLANNED).count()).isGreaterThanOrEqualTo(12);
      List<Candidate> scored = all.stream().filter(c -> c.score() != null).toList();
      assertThat(scored.size()).as("every survivor is scored").isEqualTo(all.stream().filter(c -> c.phash() != null
          && c.state() != CandidateState.SCREENED_OUT).count());
      assertThat(scored.size()).isGreaterThan(3);
      assertTopByScoreAndApart(delivered, scored, 3);
      // Finals only for the keepers: one final call per delivered candidate, none for the scored ones passed over.
      assertThat(ledger.calls(o.batchId()).stream().filter(c -> c.purpose().equals("final") && c.outcome().equals("image")).count()).isEqualTo(3);
      assertThat(all.stream().filter(c -> c.state() == CandidateState.REJECTED && c.score() != null && c.score() >= 0.5))
          .as("good drafts that lost to better ones say so").isNotEmpty()
          .allSatisfy(c -> assertThat(c.reasons()).containsAnyOf("not_among_best", "too_close"));
      assertThat(Summaries.of(ledger, o.batchId(), PRICES).passedOver())
          .isEqualTo(all.stream().filter(c -> c.state() == CandidateState.REJECTED && c.score() != null && c.score() >= 0.5).count());
    }
  }

  @Test
  void aWaveWithTooFewGoodDraftsIsToppedUpInsteadOfDeliveringShort() {
    // The judge likes one draft in five: a fixed oversample of 2 (the article's design) would deliver short.
    ScriptedJudge judge = new ScriptedJudge(seed -> seed % 5 == 0 ? 0.9 : 0.2);
    Job job = job("misty mountains at dawn", 3, 2.0);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, judge, job);
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      assertThat(o.delivered()).isEqualTo(3);
      List<Candidate> all = ledger.candidates(o.batchId());
      assertThat(all.stream().filter(c -> c.state() != CandidateState.PLANNED).count()).isGreaterThan(6);
      assertThat(inState(all, CandidateState.DELIVERED)).allSatisfy(c -> assertThat(c.score()).isEqualTo(0.9));
      // Drafts the judge turned down are rejected, not "passed over": none lost to a better one here.
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.rejected()).isPositive();
      assertThat(s.passedOver()).isZero();
    }
  }

  /**
   * The property greedy selection promises: the chosen are pairwise more than APART bits apart, and every scored
   * draft left out that outscores a chosen one is within APART bits of a chosen draft that scores at least as well.
   */
  private static void assertTopByScoreAndApart(List<Candidate> chosen, List<Candidate> scored, int want) {
    for (Candidate a : chosen) {
      for (Candidate b : chosen) if (a.id() != b.id()) assertThat(Long.bitCount(a.phash() ^ b.phash())).isGreaterThan(APART);
    }
    double lowest = chosen.stream().mapToDouble(Candidate::score).min().orElseThrow();
    for (Candidate c : scored) {
      if (chosen.stream().anyMatch(k -> k.id() == c.id()) || c.score() <= lowest) continue;
      assertThat(chosen).as(c.key() + " scored " + c.score() + " above a chosen one: only a better near-copy may beat it")
          .anyMatch(k -> k.score() >= c.score() && Long.bitCount(k.phash() ^ c.phash()) <= APART);
    }
    // And with nothing near, the chosen are exactly the top `want` by score.
    List<Candidate> byScore = scored.stream().sorted(Comparator.comparingDouble(Candidate::score).reversed()).toList();
    boolean anyNear = scored.stream().anyMatch(a -> scored.stream().anyMatch(b -> a.id() != b.id() && Long.bitCount(a.phash() ^ b.phash()) <= APART));
    if (!anyNear) {
      assertThat(chosen.stream().map(Candidate::score).sorted(Comparator.reverseOrder()).toList())
          .isEqualTo(byScore.subList(0, want).stream().map(Candidate::score).toList());
    }
  }

  private static List<Candidate> inState(List<Candidate> all, CandidateState s) {
    return all.stream().filter(c -> c.state() == s).toList();
  }

  private static Job job(String prompt, int want, double oversample) {
    return JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(prompt, null)), want, null, null, null, null,
        "1K", "vision", null, null, 4, 60, (BigDecimal) null, null, null, JobInput.Source.FLAGS).withSelection("best", oversample));
  }

  private BatchOutcome run(Ledger ledger, VisionJudge judge, Job job) {
    try (VisionReviewer reviewer = VisionReviewer.alone(judge, Rubric.standard(), 2, ledger)) {
      Pipeline p = new Pipeline(new Pipeline.Services(ledger, new LocalImageModel(), new Screen(ScreenSettings.defaults()), reviewer,
          Planners.forJob(job), PRICES, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), new Random(1)), Quota.unlimited(),
          ProgressListener.SILENT, Clock.systemUTC(), "test"));
      return p.run(job, dir.resolve("out"));
    }
  }

  /** Scores each draft by its seed, as a judge that knows what it likes; confident, free. */
  private static final class ScriptedJudge implements VisionJudge {
    private final LongToDoubleFunction scoreOfSeed;
    final Map<Long, Double> given = new ConcurrentHashMap<>();

    ScriptedJudge(LongToDoubleFunction scoreOfSeed) {
      this.scoreOfSeed = scoreOfSeed;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Judgement judge(Candidate candidate, byte[] draft, Rubric rubric) {
      double score = Math.round(scoreOfSeed.applyAsDouble(candidate.instructions().seed()) * 1000) / 1000.0;
      given.put(candidate.id(), score);
      return new Judgement(score, 0.9, Map.of(), "scripted " + score, BigDecimal.ZERO);
    }
  }
}
