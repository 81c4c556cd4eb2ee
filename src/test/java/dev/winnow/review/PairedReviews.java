package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds a ledger of judge-and-person pairs the way mixed review writes them: a judge scores each draft through
 * {@link VisionReviewer#mixed}, is never sure enough to decide alone, and a person picks in the gallery's place.
 */
public final class PairedReviews {
  private PairedReviews() {}

  /** A judge that answers {@code answer} for each candidate. */
  public static VisionJudge judge(String name, Function<Candidate, Judgement> answer) {
    return new VisionJudge() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Judgement judge(Candidate candidate, byte[] draft, Rubric rubric) {
        return answer.apply(candidate);
      }
    };
  }

  /** A drafted candidate waiting for review in {@code batchId} (which must exist). */
  public static Candidate awaiting(Ledger ledger, String batchId, int ordinal) {
    Instructions in = new Instructions("a lake", ordinal, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
    long id = ledger.plan(batchId, 0, ordinal, in);
    ledger.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/x.png", "image/png"));
    ledger.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
    return ledger.candidate(id);
  }

  /**
   * A new batch of {@code n} drafts, each scored by {@code judge} and then picked by a person as {@code pick} says
   * (with --min-confidence 1, so a judge below 1 never decides alone). Returns when every pick is in the log.
   */
  public static void batch(Ledger ledger, String batchId, int n, VisionJudge judge, Function<Integer, Pick> pick) throws Exception {
    ledger.createBatch(batchId, "local", "{}", n, "/tmp");
    try (HumanReviewer person = new HumanReviewer(ledger, batchId, new HumanReviewer.Settings(n, Duration.ZERO), Clock.systemUTC());
        VisionReviewer r = VisionReviewer.mixed(judge, Rubric.standard(), 1, person, 1.0, ledger)) {
      for (int i = 0; i < n; i++) {
        Candidate c = awaiting(ledger, batchId, i);
        CompletableFuture<Verdict> asked = r.review(c, new byte[0]);
        waitUntil(() -> person.queue().stream().anyMatch(w -> w.candidate().id() == c.id()));
        person.decide(c.id(), pick.apply(i), null, "pat");
        Verdict v = asked.get(10, TimeUnit.SECONDS);
        // What the pipeline's review stage does with it.
        ledger.recordVerdict(c.id(), v.accepted() ? "accept" : "reject", v.rating(), v.reviewer());
        ledger.transition(c.id(), CandidateState.AWAITING_REVIEW, v.accepted() ? CandidateState.ACCEPTED : CandidateState.REJECTED, Change.none());
      }
    }
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 10 s");
      Thread.sleep(5);
    }
  }
}
