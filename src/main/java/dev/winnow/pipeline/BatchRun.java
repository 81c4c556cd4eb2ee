package dev.winnow.pipeline;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.job.Job;
import dev.winnow.job.PromotionMode;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.PromptState.Arrival;
import dev.winnow.review.Reviewer;
import dev.winnow.review.Verdict;
import dev.winnow.screen.RejectReason;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenVerdict;
import dev.winnow.spec.Instructions;
import dev.winnow.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    try {
      recover();
      synchronized (lock) {
        while (true) {
          if (!stopping()) {
            feedSpares();
            dispatchDrafts();
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
      int reviewRoom = reviewer.maxPending() - reviewingTotal() - running;
      int room = Math.min(free, Math.min(reviewRoom, p.maxDrafts - p.drafted));
      if (room <= 0 || p.committed >= p.wanted) continue;
      int n = Math.min(room, planner.toDispatch(p.progress()));
      for (int i = 0; i < n; i++) {
        if (!affordsAnotherDraft()) {
          budgetHit = true;
          progress.notice("budget: no room for another draft and its final; finishing what is in flight");
          return;
        }
        dispatchDraft(p);
        running++;
      }
    }
  }

  /** A draft is only worth paying for if the final it may lead to still fits, with the finals already owed. */
  private boolean affordsAnotherDraft() {
    long draft = calls.priceMicros(job.draftModel(), job.draftSize());
    long fin = calls.priceMicros(job.finalModel(), job.finalSize());
    int owed = 0;
    for (PromptState p : prompts) owed += p.committed - p.delivered;
    return spend.canAfford(draft + fin * (owed + 1L));
  }

  private void dispatchDraft(PromptState p) {
    int ordinal = p.nextOrdinal++;
    Instructions in = job.instructions(p.index, job.firstSeed() + ordinal);
    long id = ledger.plan(batchId, p.index, ordinal, in);
    p.drafted++;
    p.inFlight++;
    p.pending.add(ordinal);
    draftsRunning++;
    draftPool.execute(() -> draft(p, ledger.candidate(id)));
  }

  private void feedSpares() {
    for (PromptState p : prompts) {
      while (p.committed + p.reviewing < p.wanted && !p.spares.isEmpty()) {
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
      if (!p.satisfied() && !exhausted && !stopping()) return false;
    }
    return true;
  }

  private boolean stopping() {
    return fatal != null || budgetHit || interrupted;
  }

  // ---- drafts (draft pool)

  private void draft(PromptState p, Candidate c) {
    Arrival.Kind kind = Arrival.Kind.NOTHING;
    try {
      CallRunner.Attempt a = calls.call(batchId, c.id(), "draft", GenerationRequest.draft(c.instructions()));
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
        ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.FAILED, Change.none().withReasons(List.of("draft_failed")).withNote(o.describe()), a.record());
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
      change = change.withMetrics(new Change.Metrics(m.width(), m.height(), m.brightness(), m.contrast(), m.sharpness(), m.hash()));
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
      if (stopping() || p.committed + p.reviewing >= p.wanted) {
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
          stop("review of " + c.key() + " failed: " + err.getMessage());
          synchronized (lock) {
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
    ledger.recordReview(c.id(), v.accepted() ? "accept" : "reject", v.rating(), v.reviewer());
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
    finalPool.execute(() -> render(p, ledger.candidate(c.id())));
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
        Path file = store.writeRender(c.key(), in.seed(), img.bytes(), img.mimeType());
        ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED, Change.none().withRender(relative(file)), a.record());
        deliver(c, img.bytes());
        delivered = true;
      } else {
        String reason = o instanceof CallOutcome.Blocked ? "final_blocked" : "final_failed";
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
    synchronized (lock) {
      for (Candidate stored : ledger.candidates(batchId)) {
        Candidate c = adoptFilesOnDisk(stored);
        PromptState p = prompts.get(c.promptIndex());
        p.nextOrdinal = Math.max(p.nextOrdinal, c.ordinal() + 1);
        p.drafted++;
        if (c.phash() != null && c.state() != CandidateState.SCREENED_OUT) {
          // Kept drafts of the earlier run: their copies must still be caught. The fingerprint is not in the ledger,
          // so it is taken again from the draft on disk.
          Screen.fingerprint(readDraft(c)).ifPresent(f -> screen.remember(c.key(), f));
        }
        switch (c.state()) {
          case PLANNED -> {
            p.inFlight++;
            p.pending.add(c.ordinal());
            draftsRunning++;
            resume.add(() -> draftPool.execute(() -> draft(p, c)));
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
              Runnable task = c.state() == CandidateState.ACCEPTED ? () -> render(p, c) : () -> redeliver(p, c);
              resume.add(() -> finalPool.execute(task));
            }
          }
          case FAILED -> {
            if (c.reasons().stream().anyMatch(r -> r.startsWith("final_"))) {
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
    boolean delivered = false;
    try {
      deliver(c, ImageStore.read(store.root().resolve(c.renderFile())));
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

  private int reviewingTotal() {
    int n = 0;
    for (PromptState p : prompts) n += p.reviewing;
    return n;
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
}
