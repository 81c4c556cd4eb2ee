package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Review by a {@link VisionJudge}. Alone, the judge decides every survivor (score 0.5 and up is accepted). Mixed,
 * it decides only the cases it is confident about and hands the rest to a person in the gallery; a person's pick
 * already in the log is honoured before the judge is asked again. Given a ledger, every judgement is kept in its
 * review log, so a person's pick on the same draft can later be paired with it ({@link JudgePair}) and the judge's
 * confidence calibrated ({@link JudgeCalibration}).
 */
public final class VisionReviewer implements Reviewer {
  private final VisionJudge judge;
  private final Rubric rubric;
  private final int threads;
  private final ExecutorService pool;
  private final Optional<Mixed> mixed;
  /** Where each judgement is kept for calibration; empty for a judge run without a ledger (tests). */
  private final Optional<Ledger> log;

  /** Where uncertain cases go, and how sure the judge must be to decide alone (after {@code calibration}). */
  private record Mixed(HumanReviewer person, double minConfidence, JudgeCalibration calibration) {}

  private VisionReviewer(VisionJudge judge, Rubric rubric, int threads, Optional<Mixed> mixed, Optional<Ledger> log) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1 (got " + threads + ")");
    this.judge = judge;
    this.rubric = rubric;
    this.threads = threads;
    this.mixed = mixed;
    this.log = log;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "winnow-judge-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The judge decides everything. */
  public static VisionReviewer alone(VisionJudge judge, Rubric rubric, int threads) {
    return new VisionReviewer(judge, rubric, threads, Optional.empty(), Optional.empty());
  }

  /** The judge decides everything, and each judgement is kept in {@code ledger} to pair with a person's later pick. */
  public static VisionReviewer alone(VisionJudge judge, Rubric rubric, int threads, Ledger ledger) {
    return new VisionReviewer(judge, rubric, threads, Optional.empty(), Optional.of(ledger));
  }

  /**
   * The judge decides when its confidence is at least {@code minConfidence} (0..1); a person decides the rest.
   */
  public static VisionReviewer mixed(VisionJudge judge, Rubric rubric, int threads, HumanReviewer person, double minConfidence, Ledger ledger) {
    return mixed(judge, rubric, threads, person, minConfidence, ledger, JudgeCalibration.raw("vision:" + judge.name()));
  }

  /**
   * As {@link #mixed(VisionJudge, Rubric, int, HumanReviewer, double, Ledger)}, comparing {@code minConfidence}
   * with the judge's confidence as {@code calibration} maps it.
   */
  public static VisionReviewer mixed(VisionJudge judge, Rubric rubric, int threads, HumanReviewer person, double minConfidence, Ledger ledger, JudgeCalibration calibration) {
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minConfidence must be within 0..1 (got " + minConfidence + ")");
    }
    return new VisionReviewer(judge, rubric, threads, Optional.of(new Mixed(person, minConfidence, calibration)), Optional.of(ledger));
  }

  @Override
  public String name() {
    return mixed.isPresent() ? "vision+human" : "vision";
  }

  private String judgeName() {
    return "vision:" + judge.name();
  }


  /** Alone, the judge keeps up with drafting and sets no bound; mixed, the person's buffer does. */
  @Override
  public int maxPending() {
    return mixed.map(m -> m.person().maxPending() + threads).orElse(Integer.MAX_VALUE);
  }

  @Override
  public CompletableFuture<Verdict> review(Candidate candidate, byte[] draft) {
    if (mixed.isPresent()) {
      Optional<Verdict> recorded = mixed.get().person().recorded(candidate.id());
      if (recorded.isPresent()) return CompletableFuture.completedFuture(recorded.get());
    }
    return CompletableFuture.supplyAsync(() -> judge.judge(candidate, draft, rubric), pool)
        .thenCompose(j -> decide(candidate, draft, j));
  }

  private CompletableFuture<Verdict> decide(Candidate candidate, byte[] draft, Judgement j) {
    Verdict verdict = new Verdict(j.accepted(), j.rating(), judgeName(), j.reason(), j.costUsd(), j.score());
    // Kept before any pick, whoever makes it, so a person's later pick on this draft becomes a calibration pair.
    log.ifPresent(l -> l.recordReview(candidate.id(), JudgedRow.verdict(j), null, judgeName()));
    if (mixed.isEmpty()) return CompletableFuture.completedFuture(verdict);
    Mixed m = mixed.get();
    if (m.calibration().confidence(j.confidence()) < m.minConfidence()) return m.person().review(candidate, draft);
    log.get().recordReview(candidate.id(), (j.accepted() ? Pick.ACCEPT : Pick.REJECT).code(), j.rating(), judgeName());
    return CompletableFuture.completedFuture(verdict);
  }

  @Override
  public void attach(ReviewBilling billing) {
    judge.attach(billing);
  }

  @Override
  public long maxReviewMicros() {
    return judge.maxCostMicros();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
