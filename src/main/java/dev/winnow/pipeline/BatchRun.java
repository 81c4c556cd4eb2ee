package dev.winnow.pipeline;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.job.Job;
import dev.winnow.job.PromotionMode;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.FailReason;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.PromptState.Arrival;
import dev.winnow.review.ReviewBilling;
import dev.winnow.review.ReviewOverBudget;
import dev.winnow.review.Reviewer;
import dev.winnow.review.Verdict;
import dev.winnow.screen.Fingerprint;
import dev.winnow.screen.RejectReason;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenVerdict;
import dev.winnow.spec.Instructions;
import dev.winnow.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of one batch. Three kinds of thread: the caller's, which plans and waits; a pool each for draft and final
 * calls (each as wide as --concurrency, so finals render while drafts keep flowing); and a single decider that
 * screens and gates review strictly in draft order. All counters live in {@link PromptState} under {@link #lock};
 * the ledger is written before a counter moves, so a kill at any point leaves a ledger the next run can continue.
 */
final class BatchRun {
  private final Job job;
  private final String batchId;
  private final Ledger ledger;
  private final ImageStore store;
  private final Screen screen;
  private final Reviewer reviewer;
  private final DraftPlanner planner;
  private final CallRunner calls;
  private final Spend spend;
  private final ProgressListener progress;
  private final Provenance provenance;

  private final Object lock = new Object();
  private final List<PromptState> prompts = new ArrayList<>();
  private final ExecutorService draftPool;
  private final ExecutorService finalPool;
  private final ExecutorService decider;
  private int draftsRunning;
  private int finalsRunning;
  private int screenedOut;
  private int rejected;
  private String fatal;
  private boolean budgetHit;
  /** A paid review (a vision judge) found no room under the cap: no survivor is sent to review again. */
  private boolean reviewsUnaffordable;
  private boolean interrupted;

  BatchRun(
      Job job, String batchId, Ledger ledger, ImageStore store, Screen screen, Reviewer reviewer, DraftPlanner planner,
      CallRunner calls, Spend spend, ProgressListener progress, Provenance provenance) {
    this.job = job;
    this.batchId = batchId;
    this.ledger = ledger;
    this.store = store;
    this.screen = screen;
    this.reviewer = reviewer;
    this.planner = planner;
    this.calls = calls;
    this.spend = spend;
    this.progress = progress;
    this.provenance = provenance;
    this.draftPool = Executors.newFixedThreadPool(job.concurrency(), named("draft"));
    this.finalPool = Executors.newFixedThreadPool(job.concurrency(), named("final"));
    this.decider = Executors.newSingleThreadExecutor(named("decide"));
    for (int i = 0; i < job.prompts().size(); i++) {
      prompts.add(new PromptState(i, job.prompts().get(i).want(), job.maxDraftsFor(i)));
    }
  }

  BatchOutcome run() {
    reviewer.attach(new Billing());
    try {
      recover();
      synchronized (lock) {
        while (true) {
          if (!stopping()) {
            feedSpares();
            if (!budgetHit) dispatchDrafts();
          }
          progress.update(snapshot());
          if (settled()) break;
          lock.wait(500);
        }
      }
    } catch (InterruptedException e) {
      synchronized (lock) {
        interrupted = true;
      }
      Thread.currentThread().interrupt();
    } finally {
      shutdown();
    }
    return finish();
  }

  // ---- planning (caller's thread, under lock)

  private void dispatchDrafts() {
    int running = draftsRunning;
    for (PromptState p : prompts) {
      int free = job.concurrency() - running;
      // Everything not yet decided fills the reviewer's buffer: drafts in flight, drafts awaiting the screen, those
      // in review and spares waiting for a review slot. Counting fewer lets a slow reviewer's batch draft on to
      // --max-drafts.
      int reviewRoom = reviewer.maxPending() - undecidedTotal();
      int room = Math.min(free, Math.min(reviewRoom, p.maxDrafts - p.drafted));
      if (room <= 0 || p.committed >= p.wanted) continue;
      int n = Math.min(room, planner.toDispatch(p.progress()));
      for (int i = 0; i < n; i++) {
        if (!affordsAnotherDraft()) {
          // Pause: drafts in flight may be screened out and free the final they were holding room for. Only when
          // nothing is in flight and one more draft with its final still does not fit is the budget spent.
          if (running == 0 && finalsRunning == 0 && inFlightTotal() == 0) {
            budgetHit = true;
            progress.notice("budget: no room for another draft and its final; stopping with what is delivered");
          }
          return;
        }
        dispatchDraft(p);
        running++;
      }
    }
  }

  /**
   * A draft is only worth paying for if the final it may lead to still fits, together with the finals already owed
   * and those the drafts in flight may still need (each could be accepted), so the cap never strands an accepted draft.
   */
  private boolean affordsAnotherDraft() {
    long draft = calls.priceMicros(job.draftModel(), job.draftSize());
    long fin = calls.priceMicros(job.finalModel(), job.finalSize());
    long owed = 0;
    for (PromptState p : prompts) {
      owed += p.committed - p.delivered;
      owed += Math.min(p.inFlight, Math.max(0, p.wanted - p.committed));
    }
    return spend.canAfford(draft + reviewer.maxReviewMicros() + fin * (owed + 1));
  }

  private void dispatchDraft(PromptState p) {
    int ordinal = p.nextOrdinal++;
    Instructions in = job.instructions(p.index, job.firstSeed() + ordinal);
    long id = ledger.plan(batchId, p.index, ordinal, in);
    p.drafted++;
    p.inFlight++;
    p.pending.add(ordinal);
    draftsRunning++;
    // Reserved here, on the planning thread, so the next affordability check already sees this draft's price.
    Optional<Spend.Hold> hold = spend.reserve(calls.priceMicros(job.draftModel(), job.draftSize()));
    draftPool.execute(() -> draft(p, ledger.candidate(id), hold));
  }

  private void feedSpares() {
    for (PromptState p : prompts) {
      while (p.committed + p.reviewing < p.wanted && !p.spares.isEmpty() && !reviewsUnaffordable && affordsAnotherFinal()) {
        Candidate c = p.spares.poll();
        p.inFlight++;
        p.reviewing++;
        sendToReview(p, c);
      }
    }
  }

  private boolean settled() {
    if (draftsRunning > 0 || finalsRunning > 0) return false;
    for (PromptState p : prompts) {
      if (p.inFlight > 0) return false;
      boolean exhausted = p.drafted >= p.maxDrafts && p.spares.isEmpty();
      if (!p.satisfied() && !exhausted && !stopping() && !budgetHit) return false;
    }
    return true;
  }

  /** A fatal error or an interruption: nothing new starts. (A budget stop only ends drafting; see budgetHit.) */
  private boolean stopping() {
    return fatal != null || interrupted;
  }

  /** Whether one more final fits beside those owed and those whose review is pending. */
  private boolean affordsAnotherFinal() {
    long fin = calls.priceMicros(job.finalModel(), job.finalSize());
    long owed = 0;
    for (PromptState p : prompts) owed += p.committed - p.delivered + p.reviewing;
    return spend.canAfford(reviewer.maxReviewMicros() + fin * (owed + 1));
  }

  // ---- drafts (draft pool)

  private void draft(PromptState p, Candidate c, Optional<Spend.Hold> hold) {
    Arrival.Kind kind = Arrival.Kind.NOTHING;
    try {
      if (hold.isEmpty()) throw new CallRunner.BudgetExhausted();
      CallRunner.Attempt a = calls.call(batchId, c.id(), "draft", GenerationRequest.draft(c.instructions()), hold);
      CallOutcome o = a.outcome();
      if (o instanceof CallOutcome.Image img) {
        // Bytes first (fsync + rename), then the paid call and the new state in one transaction.
        Path file = store.writeDraft(c.key(), c.instructions().seed(), img.bytes(), img.mimeType());
        ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft(relative(file), img.mimeType()), a.record());
        kind = Arrival.Kind.IMAGE;
      } else if (o instanceof CallOutcome.Blocked b) {
        ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.SCREENED_OUT, Change.none().withReasons(List.of("blocked")).withNote(b.describe()), a.record());
        kind = Arrival.Kind.BLOCKED;
      } else {
        ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.FAILED, Change.none().withReasons(List.of(FailReason.DRAFT_FAILED.code())).withNote(o.describe()), a.record());
        if (o instanceof CallOutcome.Fatal) stop(o.describe());
      }
    } catch (CallRunner.BudgetExhausted e) {
      markBudgetHit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      stop("draft of " + c.key() + " failed: " + e.getMessage());
    } finally {
      arrive(p, new Arrival(c, kind));
    }
  }

  private void arrive(PromptState p, Arrival a) {
    synchronized (lock) {
      if (a.kind() != Arrival.Kind.SCREENED) draftsRunning--;
      p.arrived.put(a.candidate().ordinal(), a);
      lock.notifyAll();
    }
    decider.execute(() -> drain(p));
  }

  // ---- decisions (decider thread, in draft order)

  private void drain(PromptState p) {
    while (true) {
      Arrival a;
      synchronized (lock) {
        if (p.pending.isEmpty()) return;
        a = p.arrived.remove(p.pending.first());
        if (a == null) return;
        p.pending.pollFirst();
      }
      try {
        decide(p, a);
      } catch (RuntimeException e) {
        stop("decision on " + a.candidate().key() + " failed: " + e.getMessage());
        synchronized (lock) {
          p.inFlight--;
          lock.notifyAll();
        }
      }
    }
  }

  private void decide(PromptState p, Arrival a) {
    Candidate c = a.candidate();
    switch (a.kind()) {
      case NOTHING -> countDecided(p, false);
      case BLOCKED -> {
        synchronized (lock) {
          screenedOut++;
        }
        countDecided(p, true);
      }
      case SCREENED -> gateReview(p, c);
      case IMAGE -> screen(p, ledger.candidate(c.id()));
    }
  }

  private void screen(PromptState p, Candidate c) {
    ScreenVerdict v = screen.check(c.key(), readDraft(c), job.aspect());
    Change change = Change.none();
    if (v.metrics().isPresent()) {
      var m = v.metrics().get();
      change = change.withMetrics(new Change.Metrics(m.width(), m.height(), m.brightness(), m.contrast(), m.sharpness(), m.hash(),
          v.fingerprint().map(Fingerprint::toBytes).orElse(null)));
    }
    if (!v.pass()) {
      List<String> reasons = v.reasons().stream().map(RejectReason::code).toList();
      ledger.transition(c.id(), CandidateState.DRAFTED, CandidateState.SCREENED_OUT, change.withReasons(reasons).withDuplicateOf(v.duplicateOf().orElse(null)));
      synchronized (lock) {
        screenedOut++;
      }
      countDecided(p, true);
      return;
    }
    ledger.transition(c.id(), CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, change);
    gateReview(p, ledger.candidate(c.id()));
  }

  /** Sends a survivor to review while keepers are still needed; past that it waits as a spare. */
  private void gateReview(PromptState p, Candidate c) {
    synchronized (lock) {
      if (stopping() || p.committed + p.reviewing >= p.wanted || reviewsUnaffordable || (budgetHit && !affordsAnotherFinal())) {
        p.spares.add(c);
        p.inFlight--;
        lock.notifyAll();
        return;
      }
      p.reviewing++;
    }
    sendToReview(p, c);
  }

  private void sendToReview(PromptState p, Candidate c) {
    reviewer.review(c, readDraft(c)).whenComplete((v, err) -> {
      try {
        if (err != null) {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof ReviewOverBudget) markBudgetHit();
          else stop("review of " + c.key() + " failed: " + cause.getMessage());
          synchronized (lock) {
            if (cause instanceof ReviewOverBudget) reviewsUnaffordable = true;
            p.reviewing--;
            p.inFlight--;
            p.spares.add(c);
            lock.notifyAll();
          }
          return;
        }
        onVerdict(p, c, v);
      } catch (RuntimeException e) {
        stop("recording the review of " + c.key() + " failed: " + e.getMessage());
      }
    });
  }

  private void onVerdict(PromptState p, Candidate c, Verdict v) {
    if (!reviewer.recordsVerdicts()) ledger.recordReview(c.id(), v.accepted() ? "accept" : "reject", v.rating(), v.reviewer());
    CandidateState to = v.accepted() ? CandidateState.ACCEPTED : CandidateState.REJECTED;
    ledger.transition(c.id(), CandidateState.AWAITING_REVIEW, to, Change.none().withNote(v.reviewer() + (v.reason() == null ? "" : ": " + v.reason())));
    synchronized (lock) {
      p.reviewing--;
      p.inFlight--;
      p.decided++;
      if (!v.accepted()) {
        rejected++;
        lock.notifyAll();
        return;
      }
      p.acceptedOfDecided++;
      p.committed++;
      finalsRunning++;
      lock.notifyAll();
    }
    Candidate accepted = ledger.candidate(c.id());
    finalPool.execute(finalTask(p, accepted));
  }

  private Runnable finalTask(PromptState p, Candidate accepted) {
    return isDirect(accepted) ? () -> promoteDirect(p, accepted) : () -> render(p, accepted);
  }

  /** Drafted on the final model at the final size (--auto-tier): the draft already is the final. */
  private static boolean isDirect(Candidate c) {
    Instructions in = c.instructions();
    return in.draftModel().equals(in.finalModel()) && in.draftSize() == in.finalSize();
  }

  /** Delivers a direct candidate's draft as its final: no second call, nothing to drift from. */
  private void promoteDirect(PromptState p, Candidate c) {
    deliverCounted(p, c, () -> {
      ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED,
          Change.none().withRender(c.draftFile()).withNote("rendered directly on the final model (auto-tier)"));
      deliver(c, readDraft(c));
    });
  }

  /** Runs a delivery step that makes no call, and keeps the counters whatever happens. */
  private void deliverCounted(PromptState p, Candidate c, Runnable step) {
    boolean delivered = false;
    try {
      step.run();
      delivered = true;
    } catch (RuntimeException e) {
      stop("delivering " + c.key() + " failed: " + e.getMessage());
    } finally {
      synchronized (lock) {
        finalsRunning--;
        if (delivered) p.delivered++;
        lock.notifyAll();
      }
    }
  }


  private void countDecided(PromptState p, boolean decided) {
    synchronized (lock) {
      p.inFlight--;
      if (decided) p.decided++;
      lock.notifyAll();
    }
  }

  // ---- finals (final pool)

  private void render(PromptState p, Candidate c) {
    boolean delivered = false;
    try {
      Instructions in = c.instructions();
      GenerationRequest request =
          job.promotion() == PromotionMode.REFERENCE
              ? GenerationRequest.fromReference(in, new ReferenceImage(readDraft(c), c.draftMime()))
              : GenerationRequest.fromSeed(in);
      CallRunner.Attempt a = calls.call(batchId, c.id(), "final", request);
      CallOutcome o = a.outcome();
      if (o instanceof CallOutcome.Image img) {
        CallRunner.Attempt best = closestOf(c, request, a);
        CallOutcome.Image chosen = (CallOutcome.Image) best.outcome();
        int bits = driftBits(c, chosen.bytes());
        Change change = Change.none();
        if (bits > job.driftThreshold()) {
          change = change.withReasons(List.of("drift_flagged")).withNote("final drifted " + bits + " bits from its draft; look at it");
          progress.notice(c.key() + " (seed " + in.seed() + "): final drifted " + bits + " bits from its draft after " + job.maxRerenders() + " re-render(s); delivered and flagged");
        }
        Path file = store.writeRender(c.key(), in.seed(), chosen.bytes(), chosen.mimeType());
        ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED, change.withRender(relative(file)), best.record());
        deliver(c, chosen.bytes());
        delivered = true;
      } else {
        String reason = (o instanceof CallOutcome.Blocked ? FailReason.FINAL_BLOCKED : FailReason.FINAL_FAILED).code();
        ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.FAILED, Change.none().withReasons(List.of(reason)).withNote(o.describe()), a.record());
        if (o instanceof CallOutcome.Fatal) stop(o.describe());
        synchronized (lock) {
          p.committed--;
        }
      }
    } catch (CallRunner.BudgetExhausted e) {
      markBudgetHit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      stop("final of " + c.key() + " failed: " + e.getMessage());
    } finally {
      synchronized (lock) {
        finalsRunning--;
        if (delivered) p.delivered++;
        lock.notifyAll();
      }
    }
  }

  /**
   * The drift guard: while a final differs from its draft by more than the threshold, render it again (up to
   * --max-rerenders) and keep the closest. Every render not chosen was paid for, so it is kept on disk and recorded.
   */
  private CallRunner.Attempt closestOf(Candidate c, GenerationRequest request, CallRunner.Attempt first)
      throws InterruptedException, CallRunner.BudgetExhausted {
    CallRunner.Attempt best = first;
    int bestBits = driftBits(c, ((CallOutcome.Image) first.outcome()).bytes());
    for (int r = 1; bestBits > job.driftThreshold() && r <= job.maxRerenders(); r++) {
      CallRunner.Attempt again = calls.call(batchId, c.id(), "final", request);
      if (!(again.outcome() instanceof CallOutcome.Image next)) {
        ledger.recordCall(again.record());
        break;
      }
      int bits = driftBits(c, next.bytes());
      boolean better = bits < bestBits;
      CallRunner.Attempt loser = better ? best : again;
      CallOutcome.Image loserImage = (CallOutcome.Image) loser.outcome();
      Path kept = store.writeDrifted(c.key(), c.instructions().seed(), r, loserImage.bytes(), loserImage.mimeType());
      ledger.recordCall(loser.record().withMessage("drifted " + (better ? bestBits : bits) + " bits from its draft; kept as " + relative(kept) + ", not delivered"));
      if (better) {
        best = again;
        bestBits = bits;
      }
    }
    return best;
  }

  private static int driftBits(Candidate c, byte[] finalBytes) {
    return c.phash() == null ? 0 : Long.bitCount(c.phash() ^ Drift.hashOf(finalBytes));
  }

  /** Finishes a rendered final: provenance embedded, manifest line, DELIVERED. No call is made. */
  private void deliver(Candidate rendered, byte[] finalBytes) {
    Candidate c = ledger.candidate(rendered.id());
    Provenance.Delivery d = provenance.describe(batchId, c, finalBytes, job.promotion());
    Path file = store.writeFinal(c.instructions().prompt(), c.instructions().seed(), finalBytes, d.pngText());
    store.appendManifest("candidate", c.id(), d.manifestLine(relative(file)));
    ledger.transition(c.id(), CandidateState.RENDERED, CandidateState.DELIVERED, Change.none().withFinal(relative(file), d.driftBits()));
  }

  // ---- recovery

  /** Rebuilds the counters from the ledger and requeues whatever a previous run left unfinished. */
  private void recover() {
    List<Runnable> resume = new ArrayList<>();
    // What earlier batches kept: a draft that near-duplicates one of them is screened out before it costs a final.
    // Rows from before fingerprints were kept have none; their pixels may be in another batch's folder, so they are
    // left out rather than matched on the hash alone.
    for (Ledger.KeptHash kept : ledger.keptHashes(batchId)) stored(kept.fingerprint()).ifPresent(f -> screen.remember(kept.key(), f));
    synchronized (lock) {
      for (Candidate stored : ledger.candidates(batchId)) {
        Candidate c = adoptFilesOnDisk(stored);
        PromptState p = prompts.get(c.promptIndex());
        p.nextOrdinal = Math.max(p.nextOrdinal, c.ordinal() + 1);
        p.drafted++;
        if (c.phash() != null && c.state() != CandidateState.SCREENED_OUT) {
          // Kept drafts of the earlier run: their copies must still be caught. Rows from before fingerprints were kept
          // are fingerprinted again from the draft on disk.
          Optional<Fingerprint> kept = stored(c.fingerprint());
          if (kept.isEmpty() && c.draftFile() != null) kept = Screen.fingerprint(readDraft(c));
          kept.ifPresent(f -> screen.remember(c.key(), f));
        }
        switch (c.state()) {
          case PLANNED -> {
            p.inFlight++;
            p.pending.add(c.ordinal());
            draftsRunning++;
            Optional<Spend.Hold> hold = spend.reserve(calls.priceMicros(job.draftModel(), job.draftSize()));
            resume.add(() -> draftPool.execute(() -> draft(p, c, hold)));
          }
          case DRAFTED, AWAITING_REVIEW -> {
            p.inFlight++;
            p.pending.add(c.ordinal());
            Arrival.Kind kind = c.state() == CandidateState.DRAFTED ? Arrival.Kind.IMAGE : Arrival.Kind.SCREENED;
            p.arrived.put(c.ordinal(), new Arrival(c, kind));
            resume.add(() -> decider.execute(() -> drain(p)));
          }
          case SCREENED_OUT -> {
            p.decided++;
            screenedOut++;
          }
          case REJECTED -> {
            p.decided++;
            rejected++;
          }
          case ACCEPTED, RENDERED, DELIVERED -> {
            p.decided++;
            p.acceptedOfDecided++;
            p.committed++;
            if (c.state() == CandidateState.DELIVERED) {
              p.delivered++;
            } else {
              finalsRunning++;
              Runnable task = c.state() == CandidateState.ACCEPTED ? finalTask(p, c) : () -> redeliver(p, c);
              resume.add(() -> finalPool.execute(task));
            }
          }
          case FAILED -> {
            if (Funnel.countsAsAccepted(c)) {
              p.decided++;
              p.acceptedOfDecided++;
            }
          }
        }
      }
    }
    resume.forEach(Runnable::run);
  }

  /**
   * The startup check: an image on disk that the ledger does not know was paid for and written just before a stop
   * (bytes go to disk before the ledger records them). Adopt it instead of paying for it again.
   */
  private Candidate adoptFilesOnDisk(Candidate c) {
    Instructions in = c.instructions();
    if (c.state() == CandidateState.PLANNED) {
      var file = store.findDraft(c.key(), in.seed());
      if (file.isEmpty()) return c;
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED,
          Change.none().withDraft(relative(file.get()), ImageStore.mimeOf(file.get())).withNote("adopted from disk"),
          calls.recovered(batchId, c.id(), "draft", GenerationRequest.draft(in)));
      return ledger.candidate(c.id());
    }
    if (c.state() == CandidateState.ACCEPTED) {
      var file = store.findRender(c.key(), in.seed());
      if (file.isEmpty()) return c;
      ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED,
          Change.none().withRender(relative(file.get())).withNote("adopted from disk"),
          calls.recovered(batchId, c.id(), "final", GenerationRequest.fromSeed(in)));
      return ledger.candidate(c.id());
    }
    return c;
  }

  private void redeliver(PromptState p, Candidate c) {
    deliverCounted(p, c, () -> deliver(c, ImageStore.read(store.root().resolve(c.renderFile()))));
  }


  // ---- endings

  private void stop(String message) {
    synchronized (lock) {
      if (fatal == null) {
        fatal = message;
        progress.notice("stopping: " + message);
      }
      lock.notifyAll();
    }
  }

  private void markBudgetHit() {
    synchronized (lock) {
      if (!budgetHit) progress.notice("budget: the cap would be crossed by the next call; finishing what is in flight");
      budgetHit = true;
      lock.notifyAll();
    }
  }

  private void shutdown() {
    draftPool.shutdown();
    finalPool.shutdown();
    try {
      // Calls already made are paid for: let them land in the ledger and on disk before the decider stops.
      draftPool.awaitTermination(10, TimeUnit.MINUTES);
      finalPool.awaitTermination(10, TimeUnit.MINUTES);
      decider.shutdown();
      decider.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draftPool.shutdownNow();
    finalPool.shutdownNow();
    decider.shutdownNow();
  }

  private BatchOutcome finish() {
    Snapshot s;
    BatchStatus status;
    String message;
    synchronized (lock) {
      s = snapshot();
      int delivered = s.delivered();
      if (fatal != null) {
        status = BatchStatus.FAILED;
        message = fatal;
      } else if (interrupted) {
        status = BatchStatus.RUNNING;
        message = "interrupted; run the same command again to continue";
      } else if (delivered >= s.wanted()) {
        status = BatchStatus.DONE;
        message = null;
      } else if (budgetHit) {
        status = BatchStatus.BUDGET;
        message = "budget cap reached: delivered " + delivered + " of " + s.wanted() + " keepers wanted";
      } else {
        status = BatchStatus.SHORT;
        message = "delivered only " + delivered + " of " + s.wanted() + " keepers wanted: --max-drafts " + job.maxDrafts() + " ran out (acceptance was too low; raise --max-drafts or loosen the screen)";
      }
    }
    if (status != BatchStatus.RUNNING) ledger.finishBatch(batchId, status, message);
    progress.done(s);
    return new BatchOutcome(batchId, status, s.wanted(), s.delivered(), message);
  }

  private Snapshot snapshot() {
    int drafted = 0, running = 0, reviewing = 0, accepted = 0, delivered = 0, wanted = 0, max = 0;
    for (PromptState p : prompts) {
      drafted += p.drafted;
      reviewing += p.reviewing;
      accepted += p.committed;
      delivered += p.delivered;
      wanted += p.wanted;
      max += p.maxDrafts;
    }
    running = draftsRunning;
    return new Snapshot(batchId, wanted, drafted, max, running, screenedOut, reviewing, accepted, rejected, finalsRunning, delivered, spend.spentMicros());
  }

  private int inFlightTotal() {
    int n = 0;
    for (PromptState p : prompts) n += p.inFlight;
    return n;
  }

  private int undecidedTotal() {
    int n = 0;
    for (PromptState p : prompts) n += p.inFlight + p.spares.size();
    return n;
  }

  /** A fingerprint as the ledger stores it, or empty when there is none or it is of another format. */
  private static Optional<Fingerprint> stored(byte[] bytes) {
    if (bytes == null) return Optional.empty();
    try {
      return Optional.of(Fingerprint.fromBytes(bytes));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] readDraft(Candidate c) {
    Path file = store.root().resolve(c.draftFile());
    return Files.exists(file) ? ImageStore.read(file) : new byte[0];
  }

  private String relative(Path file) {
    return store.root().relativize(file).toString();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "winnow-" + prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The judge's paid calls go through the batch's budget and ledger like the image calls. */
  private final class Billing implements ReviewBilling {
    private record Held(Spend.Hold hold) implements ReviewBilling.Hold {}

    @Override
    public String batchId() {
      return batchId;
    }

    @Override
    public Optional<ReviewBilling.Hold> reserve(long micros) {
      return spend.reserve(micros).map(Held::new);
    }

    @Override
    public void settle(ReviewBilling.Hold hold, CallRecord record) {
      spend.settle(((Held) hold).hold(), record.costMicros());
      ledger.recordCall(record);
    }
  }
}
