package dev.winnow.pipeline;

import dev.winnow.job.Selection;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.ReviewOverBudget;
import dev.winnow.review.Reviewer;
import dev.winnow.review.Verdict;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Offers candidates the gate put IN_REVIEW to this process's reviewer (each leased to this worker while it waits,
 * so another process's reviewer does not get it too) and records the verdict with the candidate's new state.
 */
final class ReviewStage {
  private final BatchContext ctx;
  private final Reviewer reviewer;
  /** A paid review (a vision judge) found no room under the cap: the gate sends no one else to review. */
  private final AtomicBoolean unaffordable = new AtomicBoolean();

  ReviewStage(BatchContext ctx, Reviewer reviewer) {
    this.ctx = ctx;
    this.reviewer = reviewer;
  }

  boolean unaffordable() {
    return unaffordable.get();
  }

  List<Claims.Claimed> claim(int max) {
    Worker w = ctx.worker();
    return ctx.ledger().claims().claim(ctx.batchId(), CandidateState.IN_REVIEW, w.id(), w.now(), w.leaseUntil(), max,
        c -> new Claims.Hold("review", "draft", c.instructions().draftModel(), c.instructions().draftSize().label(), 0));
  }

  /** Waits for the verdict on one candidate (a person may take minutes; the heartbeat keeps the lease). */
  void review(Claims.Claimed claimed) throws InterruptedException {
    Candidate c = claimed.candidate();
    CountDownLatch done = new CountDownLatch(1);
    reviewer.review(c, ctx.readDraft(c)).whenComplete((v, err) -> {
      try {
        if (err == null) record(c, v);
        else failed(c, err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
      } catch (RuntimeException e) {
        ctx.fail("recording the review of " + c.key() + " failed: " + e.getMessage());
      } finally {
        done.countDown();
      }
    });
    done.await();
  }

  private void record(Candidate c, Verdict v) {
    ctx.ledger().recordVerdict(c.id(), v.accepted() ? "accept" : "reject", v.rating(), v.reviewer());
    Change change = Change.none().withNote(v.reviewer() + (v.reason() == null ? "" : ": " + v.reason()));
    // Under --select best a yes is a score: the draft waits for the rest of its wave to be ranked with it.
    if (v.accepted() && ctx.job().selection().best()) {
      double score = v.score() != null ? v.score() : Selection.personScore(v.rating());
      ctx.ledger().transition(c.id(), CandidateState.IN_REVIEW, CandidateState.SCORED, change.withScore(score), null, null, false);
      return;
    }
    CandidateState to = v.accepted() ? CandidateState.ACCEPTED : CandidateState.REJECTED;
    ctx.ledger().transition(c.id(), CandidateState.IN_REVIEW, to, v.score() == null ? change : change.withScore(v.score()), null, null, false);
  }

  private void failed(Candidate c, Throwable cause) {
    if (cause instanceof ReviewOverBudget) {
      if (!unaffordable.getAndSet(true)) ctx.progress().notice("budget: no room for another review; finishing what is in flight");
    } else {
      ctx.fail("review of " + c.key() + " failed: " + cause.getMessage());
    }
    ctx.ledger().transition(c.id(), CandidateState.IN_REVIEW, CandidateState.AWAITING_REVIEW,
        Change.none().withNote("back in the queue: " + cause.getMessage()), null, null, false);
  }
}
