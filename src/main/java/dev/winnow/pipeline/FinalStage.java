package dev.winnow.pipeline;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.job.PromotionMode;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.FailReason;
import dev.winnow.ledger.Ledger;
import dev.winnow.spec.Instructions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders accepted candidates on the final model (a lease and a reservation per claim), guards against drift, and
 * delivers: provenance embedded, a manifest line, DELIVERED. A rendered candidate left by a stopped worker is
 * delivered from its render on disk without a call.
 */
final class FinalStage {
  private final BatchContext ctx;

  FinalStage(BatchContext ctx) {
    this.ctx = ctx;
  }

  List<Claims.Claimed> claim(int max) {
    Worker w = ctx.worker();
    List<Claims.Claimed> out = new ArrayList<>(ctx.ledger().claims().claim(ctx.batchId(), CandidateState.RENDERED, w.id(), w.now(),
        w.leaseUntil(), max, c -> new Claims.Hold("final", "final", c.instructions().finalModel(), c.instructions().finalSize().label(), 0)));
    // On the Batch lane finals are rendered by jobs (BatchLaneStage); this stage only delivers them.
    if (ctx.job().finalLane() == dev.winnow.generate.Lane.BATCH) return out;
    out.addAll(ctx.ledger().claims().claim(ctx.batchId(), CandidateState.ACCEPTED, w.id(), w.now(), w.leaseUntil(), max - out.size(),
        c -> isDirect(c) ? new Claims.Hold("final", "final", c.instructions().finalModel(), c.instructions().finalSize().label(), 0)
            : ctx.calls().hold("final", ctx.job().dress(GenerationRequest.fromSeed(c.instructions())))));
    return out;
  }

  void handle(Claims.Claimed claimed) throws InterruptedException {
    Candidate c = claimed.candidate();
    if (c.state() == CandidateState.RENDERED) {
      deliver(c, ctx.store().read(c.renderFile()));
    } else if (isDirect(c)) {
      promoteDirect(c);
    } else {
      render(c, claimed.reservation());
    }
  }

  /** Drafted on the final model at the final size (--auto-tier): the draft already is the final. */
  static boolean isDirect(Candidate c) {
    Instructions in = c.instructions();
    return in.draftModel().equals(in.finalModel()) && in.draftSize() == in.finalSize();
  }

  private void promoteDirect(Candidate c) {
    ctx.ledger().transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED,
        Change.none().withRender(c.draftFile()).withNote("rendered directly on the final model (auto-tier)"), null, null, true);
    deliver(c, ctx.readDraft(c));
  }

  private void render(Candidate c, Long reservation) throws InterruptedException {
    Instructions in = c.instructions();
    Optional<String> onDisk = ctx.store().findRender(c.key(), in.seed());
    if (onDisk.isPresent()) {
      if (reservation != null) ctx.ledger().claims().release(reservation);
      ctx.ledger().claims().adopt(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED,
          Change.none().withRender(onDisk.get()).withNote("adopted from disk"),
          ctx.calls().recovered(ctx.batchId(), c.id(), "final", GenerationRequest.fromSeed(in)), true);
      deliver(c, ctx.store().read(onDisk.get()));
      return;
    }
    GenerationRequest request =
        ctx.job().promotion() == PromotionMode.REFERENCE
            ? ctx.job().dress(GenerationRequest.fromReference(in, new ReferenceImage(ctx.readDraft(c), c.draftMime())))
            : ctx.job().dress(GenerationRequest.fromSeed(in));
    PaidCall.Attempt a;
    try {
      a = ctx.calls().call(ctx.batchId(), c.id(), "final", request, reservation);
    } catch (PaidCall.BudgetExhausted e) {
      ctx.ledger().claims().releaseLease(c.id(), ctx.worker().id());
      return;
    }
    if (!(a.outcome() instanceof CallOutcome.Image)) {
      String reason = (a.outcome() instanceof CallOutcome.Blocked ? FailReason.FINAL_BLOCKED : FailReason.FINAL_FAILED).code();
      ctx.ledger().transition(c.id(), CandidateState.ACCEPTED, CandidateState.FAILED,
          Change.none().withReasons(List.of(reason)).withNote(a.outcome().describe()), a.record(), a.reservation(), false);
      if (a.outcome() instanceof CallOutcome.Fatal) ctx.fail(a.outcome().describe());
      return;
    }
    PaidCall.Attempt best = closestOf(c, request, a);
    CallOutcome.Image chosen = (CallOutcome.Image) best.outcome();
    int bits = driftBits(c, chosen.bytes());
    Change change = Change.none();
    if (bits > ctx.job().driftThreshold()) {
      change = change.withReasons(List.of("drift_flagged")).withNote("final drifted " + bits + " bits from its draft; look at it");
      ctx.progress().notice(c.key() + " (seed " + in.seed() + "): final drifted " + bits + " bits from its draft after "
          + ctx.job().maxRerenders() + " re-render(s); delivered and flagged");
    }
    String file = ctx.store().writeRender(c.key(), in.seed(), chosen.bytes(), chosen.mimeType());
    ctx.ledger().transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED, change.withRender(file),
        best.record(), best.reservation(), true);
    deliver(c, chosen.bytes());
  }

  /**
   * The drift guard: while a final differs from its draft by more than the threshold, render it again (up to
   * --max-rerenders, and while the budget allows) and keep the closest. Every render not chosen was paid for, so it
   * is kept on disk and recorded.
   */
  private PaidCall.Attempt closestOf(Candidate c, GenerationRequest request, PaidCall.Attempt first) throws InterruptedException {
    PaidCall.Attempt best = first;
    int bestBits = driftBits(c, ((CallOutcome.Image) first.outcome()).bytes());
    for (int r = 1; bestBits > ctx.job().driftThreshold() && r <= ctx.job().maxRerenders(); r++) {
      PaidCall.Attempt again;
      try {
        again = ctx.calls().call(ctx.batchId(), c.id(), "final", request, null);
      } catch (PaidCall.BudgetExhausted e) {
        break;
      }
      if (!(again.outcome() instanceof CallOutcome.Image next)) {
        ctx.ledger().recordCall(again.record(), again.reservation());
        break;
      }
      int bits = driftBits(c, next.bytes());
      boolean better = bits < bestBits;
      PaidCall.Attempt loser = better ? best : again;
      CallOutcome.Image loserImage = (CallOutcome.Image) loser.outcome();
      String kept = ctx.store().writeDrifted(c.key(), c.instructions().seed(), r, loserImage.bytes(), loserImage.mimeType());
      ctx.ledger().recordCall(loser.record().withMessage("drifted " + (better ? bestBits : bits) + " bits from its draft; kept as "
          + kept + ", not delivered"), loser.reservation());
      if (better) {
        best = again;
        bestBits = bits;
      }
    }
    return best;
  }

  static int driftBits(Candidate c, byte[] finalBytes) {
    return c.phash() == null ? 0 : Long.bitCount(c.phash() ^ Drift.hashOf(finalBytes));
  }

  /** Finishes a rendered final: provenance embedded, manifest line, DELIVERED. No call is made. */
  private void deliver(Candidate rendered, byte[] finalBytes) {
    Candidate c = ctx.ledger().candidate(rendered.id());
    Provenance.Delivery d = ctx.provenance().describe(ctx.batchId(), c, finalBytes, ctx.job().promotion());
    String file = ctx.store().writeFinal(c.instructions().prompt(), c.instructions().seed(), finalBytes, d.pngText());
    ctx.store().appendManifest("candidate", c.id(), d.manifestLine(file));
    ctx.ledger().transition(c.id(), CandidateState.RENDERED, CandidateState.DELIVERED,
        Change.none().withFinal(file, d.driftBits()), null, null, false);
  }
}
