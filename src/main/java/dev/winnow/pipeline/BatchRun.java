package dev.winnow.pipeline;

import dev.winnow.generate.BatchLane;
import dev.winnow.generate.Lane;
import dev.winnow.job.Job;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Ledger.PromptCounts;
import dev.winnow.review.ReviewBilling;
import dev.winnow.review.Reviewer;
import dev.winnow.screen.Screen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * This process's part in one batch: the stages as loops that claim work from the ledger (draft, review, final),
 * the decider (screen, review gate, planning, the end), and a progress display. It keeps no state of the batch;
 * other processes on the same ledger may be working on it too, and whichever ends it, every one sees it end.
 */
final class BatchRun {
  private final BatchContext ctx;
  private final Optional<Reviewer> reviewer;
  private final Screen screen;
  private final DraftPlanner planner;
  private final OptionalInt parallelism;
  private final Optional<BatchLane> batchLane;
  private volatile boolean batchingStopped;

  BatchRun(BatchContext ctx, Optional<Reviewer> reviewer, Screen screen, DraftPlanner planner, OptionalInt parallelism, Optional<BatchLane> batchLane) {
    this.ctx = ctx;
    this.reviewer = reviewer;
    this.screen = screen;
    this.planner = planner;
    this.parallelism = parallelism;
    this.batchLane = batchLane;
  }

  private boolean draftsOnBatch() {
    return ctx.job().draftLane() == Lane.BATCH;
  }

  BatchOutcome run() {
    Job job = ctx.job();
    reviewer.ifPresent(r -> r.attach(new Billing()));
    DraftStage drafts = new DraftStage(ctx);
    FinalStage finals = new FinalStage(ctx);
    Optional<ReviewStage> reviews = reviewer.map(r -> new ReviewStage(ctx, r));
    // On the Batch lane drafts go out as jobs (BatchLaneStage), never as single calls.
    ClaimLoop draftLoop = new ClaimLoop("draft", ctx, () -> draftsOnBatch() ? 0 : draftTarget(), drafts::claim, drafts::draft).start();
    ClaimLoop finalLoop = new ClaimLoop("final", ctx,
        () -> bounded(ctx.pacing().target(job.finalModel(), BatchContext.bytesInFlight(job.finalSize()))), finals::claim, finals::handle).start();
    // Without a reviewer here (a worker serving another process's human or vision batch) nothing is claimed.
    List<ClaimLoop> loops = new ArrayList<>(List.of(draftLoop, finalLoop));
    reviews.ifPresent(r -> loops.add(new ClaimLoop("review", ctx, () -> 256, r::claim, r::review).start()));
    Decider decider = new Decider(ctx, screen, planner, limits(reviews), this::draftTarget);
    Thread deciding = new Thread(() -> decide(decider), "winnow-decide");
    deciding.setDaemon(true);
    deciding.start();
    Thread batching = null;
    List<BatchLaneStage> jobs = new ArrayList<>();
    for (dev.winnow.spec.Tier tier : dev.winnow.spec.Tier.values()) {
      if (job.laneFor(tier) != Lane.BATCH) continue;
      BatchLane lane = batchLane.orElseThrow(() -> new IllegalStateException("this backend has no Batch lane"));
      jobs.add(new BatchLaneStage(ctx, lane, tier, decider::holding, job.batchPoll(), java.time.Duration.ofMinutes(1)));
    }
    if (!jobs.isEmpty()) {
      batching = new Thread(() -> batch(jobs), "winnow-batch-lane");
      batching.setDaemon(true);
      batching.start();
    }
    boolean interrupted = false;
    try {
      while (ctx.open()) {
        ctx.progress().update(snapshot(draftLoop, finalLoop));
        ctx.signal().await(250);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      stop(deciding, loops);
      if (batching != null) {
        // Not an interrupt: a results read in progress must land (those images are paid for), files and all.
        batchingStopped = true;
        ctx.signal().poke();
        try {
          batching.join(30_000);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    // Jobs still open when the batch ended are not needed any more; a process that merely stops leaves them to the next.
    if (ctx.ledger().batch(ctx.batchId()).map(b -> b.status() != BatchStatus.RUNNING).orElse(false)) jobs.forEach(BatchLaneStage::cancelOpenJobs);
    Snapshot last = snapshot(draftLoop, finalLoop);
    ctx.progress().done(last);
    Batch b = ctx.ledger().batch(ctx.batchId()).orElseThrow();
    String message = b.status() == BatchStatus.RUNNING ? "interrupted; run the same command again to continue" : b.note();
    return new BatchOutcome(ctx.batchId(), b.status(), last.wanted(), last.delivered(), message);
  }

  /** Drafts on the Batch lane: a job's requests wait for hours, not a quota; the planner alone sizes each wave. */
  private void batch(List<BatchLaneStage> stages) {
    try {
      while (ctx.open() && !batchingStopped) {
        boolean busy = false;
        for (BatchLaneStage s : stages) busy |= s.pass();
        ctx.signal().await(busy ? 100 : 500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ctx.fail("the batch lane failed: " + e.getMessage());
    }
  }

  /**
   * Draft calls to keep in flight: what the quota and latency need, within memory, the cap and the machine. On the
   * Batch lane, as many as the planner asks for (they go out as one job, not as calls in flight).
   */
  private int draftTarget() {
    if (draftsOnBatch()) return ctx.job().maxDrafts();
    return bounded(ctx.pacing().target(ctx.job().draftModel(), BatchContext.bytesInFlight(ctx.job().draftSize())));
  }

  private int bounded(int target) {
    return parallelism.isPresent() ? Math.min(target, parallelism.getAsInt()) : target;
  }

  private void decide(Decider decider) {
    try {
      while (ctx.open()) {
        boolean mine = decider.pass();
        ctx.signal().await(mine ? 100 : 1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ctx.fail("deciding failed: " + e.getMessage());
    }
  }

  private void stop(Thread deciding, List<ClaimLoop> loops) {
    deciding.interrupt();
    for (ClaimLoop l : loops) l.stop();
    try {
      // Calls already made are paid for: let them land in the ledger and on disk before this process lets go.
      for (ClaimLoop l : loops) l.drain(10);
      deciding.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ClaimLoop l : loops) l.abort();
    }
  }

  private Decider.ReviewLimits limits(Optional<ReviewStage> reviews) {
    return new Decider.ReviewLimits() {
      @Override
      public int maxPending() {
        if (reviewer.isPresent()) return reviewer.get().maxPending();
        return ctx.job().review() == dev.winnow.job.ReviewMode.AUTO ? Integer.MAX_VALUE : dev.winnow.review.HumanReviewer.DEFAULT_MAX_PENDING;
      }

      @Override
      public long maxReviewMicros() {
        return reviewer.map(Reviewer::maxReviewMicros).orElse(0L);
      }

      @Override
      public boolean unaffordable() {
        return reviews.map(ReviewStage::unaffordable).orElse(false);
      }
    };
  }

  private Snapshot snapshot(ClaimLoop drafts, ClaimLoop finals) {
    Map<Integer, PromptCounts> counts = ctx.ledger().promptCounts(ctx.batchId());
    int drafted = 0, planned = 0, screenedOut = 0, reviewing = 0, accepted = 0, rejected = 0, delivered = 0, max = 0;
    for (int i = 0; i < ctx.job().prompts().size(); i++) max += ctx.job().maxDraftsFor(i);
    for (PromptCounts p : counts.values()) {
      // Planned drafts are not drafted yet: in flight as calls, or waiting in a Batch API job.
      drafted += p.byState().values().stream().mapToInt(Integer::intValue).sum() - p.count(CandidateState.PLANNED);
      planned += p.count(CandidateState.PLANNED);
      screenedOut += p.count(CandidateState.SCREENED_OUT);
      reviewing += p.count(CandidateState.IN_REVIEW) + p.count(CandidateState.SCORED);
      accepted += p.count(CandidateState.ACCEPTED) + p.count(CandidateState.RENDERED) + p.count(CandidateState.DELIVERED);
      rejected += p.count(CandidateState.REJECTED);
      delivered += p.count(CandidateState.DELIVERED);
    }
    return new Snapshot(ctx.batchId(), ctx.job().wantTotal(), drafted, max, draftsOnBatch() ? planned : drafts.inFlight(), screenedOut, reviewing, accepted, rejected,
        finals.inFlight(), delivered, ctx.ledger().spentMicros(ctx.batchId()));
  }

  /** The judge's paid calls go through the batch's one paid call, like the image calls. */
  private final class Billing implements ReviewBilling {
    @Override
    public Attempt call(long candidateId, String model, long maxMicros, java.util.function.Supplier<Attempt> attempt) throws InterruptedException {
      return ctx.calls().text(ctx.batchId(), candidateId, model, maxMicros, attempt);
    }
  }
}
