package dev.winnow.pipeline;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.FailReason;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.ImageStore;
import java.util.List;
import java.util.Optional;

/**
 * Drafts planned candidates: claims them (a lease and a reservation in one transaction), makes the paid call, and
 * records the outcome with the candidate's new state. An image already on disk for a claimed candidate was paid for
 * by a worker that stopped before recording it: it is adopted, not paid for again.
 */
final class DraftStage {
  private final BatchContext ctx;

  DraftStage(BatchContext ctx) {
    this.ctx = ctx;
  }

  List<Claims.Claimed> claim(int max) {
    Worker w = ctx.worker();
    return ctx.ledger().claims().claim(ctx.batchId(), CandidateState.PLANNED, w.id(), w.now(), w.leaseUntil(), max,
        c -> ctx.calls().hold("draft", ctx.job().dress(GenerationRequest.draft(c.instructions()))));
  }

  void draft(Claims.Claimed claimed) throws InterruptedException {
    Candidate c = claimed.candidate();
    GenerationRequest request = ctx.job().dress(GenerationRequest.draft(c.instructions()));
    Optional<String> onDisk = ctx.store().findDraft(c.key(), c.instructions().seed());
    if (onDisk.isPresent()) {
      adopt(c, onDisk.get(), request, claimed.reservation());
      return;
    }
    PaidCall.Attempt a;
    try {
      a = ctx.calls().call(ctx.batchId(), c.id(), "draft", request, claimed.reservation());
    } catch (PaidCall.BudgetExhausted e) {
      ctx.ledger().claims().releaseLease(c.id(), ctx.worker().id());
      return;
    }
    CallOutcome o = a.outcome();
    Ledger ledger = ctx.ledger();
    if (o instanceof CallOutcome.Image img) {
      // Bytes first (stored durably), then the paid call, its settlement and the new state in one transaction.
      String file = ctx.store().writeDraft(c.key(), c.instructions().seed(), img.bytes(), img.mimeType());
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED,
          Change.none().withDraft(file, img.mimeType()), a.record(), a.reservation(), false);
    } else if (o instanceof CallOutcome.Blocked b) {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.SCREENED_OUT,
          Change.none().withReasons(List.of("blocked")).withNote(b.describe()), a.record(), a.reservation(), false);
    } else {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.FAILED,
          Change.none().withReasons(List.of(FailReason.DRAFT_FAILED.code())).withNote(o.describe()), a.record(), a.reservation(), false);
      if (o instanceof CallOutcome.Fatal) ctx.fail(o.describe());
    }
  }

  private void adopt(Candidate c, String file, GenerationRequest request, Long reservation) {
    if (reservation != null) ctx.ledger().claims().release(reservation);
    ctx.ledger().claims().adopt(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED,
        Change.none().withDraft(file, ImageStore.mimeOf(file)).withNote("adopted from disk"),
        ctx.calls().recovered(ctx.batchId(), c.id(), "draft", request), false);
  }
}
