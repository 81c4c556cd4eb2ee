package dev.winnow.pipeline;

import dev.winnow.generate.BatchLane;
import dev.winnow.generate.BatchLaneException;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.Lane;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.job.PromotionMode;
import dev.winnow.spec.Instructions;
import dev.winnow.spec.Tier;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.BatchJobs;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.FailReason;
import dev.winnow.ledger.Ledger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One tier on the Batch lane: planned drafts (or accepted drafts' finals) go out in waves, one Batch API job each,
 * sized by what the planner still needs (finals: by what was accepted, within the 20 MB of an inline job). The intent of a job (its candidates, their reservations) is in the ledger before the job is created
 * and its name as soon as the provider returns it; a job created just before a kill is found again by its display
 * name. Jobs are polled with backoff; results are matched by key, each image written to the store before the ledger
 * records it. Requests a job did not answer (failed, expired, cancelled) go back to the planner.
 */
final class BatchLaneStage {
  /** Past the provider's 48-hour expiry: a job's candidates stay its own until it has certainly ended. */
  static final Duration HOLD = Duration.ofHours(49);
  /** Requests per job: text-only draft requests stay far below the 20 MB of an inline batch. */
  static final int MAX_REQUESTS = 2_000;
  /** A failed request is sent again in a later wave, this many times in all. */
  static final int MAX_ATTEMPTS = 3;

  private final BatchContext ctx;
  private final BatchLane lane;
  private final Tier tier;
  private final BooleanSupplier deciding;
  private final Duration firstPoll;
  private final Duration maxPoll;

  BatchLaneStage(BatchContext ctx, BatchLane lane, Tier tier, BooleanSupplier deciding, Duration firstPoll, Duration maxPoll) {
    this.ctx = ctx;
    this.lane = lane;
    this.tier = tier;
    this.deciding = deciding;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /** One look at the batch's jobs and, when none is open and drafts are planned, a new wave. True if it did something. */
  boolean pass() {
    BatchJobs jobs = ctx.ledger().batchJobs();
    Worker w = ctx.worker();
    boolean changed = false;
    List<BatchJobs.Job> active = jobs.active(ctx.batchId()).stream().filter(j -> j.tier().equals(tier.label())).toList();
    for (BatchJobs.Job job : active) {
      if (!jobs.take(job.id(), w.id(), w.now(), w.leaseUntil(), w.goneWorkers())) continue;
      try {
        changed |= step(jobs, job);
      } catch (BatchLaneException e) {
        // The job is where it was: polled again on the next pass.
        ctx.progress().notice("batch lane: " + e.getMessage() + "; trying again");
        jobs.polled(job.id(), "error: " + e.getMessage(), w.now() + firstPoll.toMillis());
      }
    }
    if (active.isEmpty() && deciding.getAsBoolean()) changed |= wave(jobs);
    return changed;
  }

  /**
   * The batch ended (done, budget or short): jobs still open are cancelled, since their drafts are no longer needed,
   * and their reservations released. A process that merely stops leaves them for the next run to poll.
   */
  void cancelOpenJobs() {
    BatchJobs jobs = ctx.ledger().batchJobs();
    for (BatchJobs.Job job : jobs.active(ctx.batchId())) {
      if (!job.tier().equals(tier.label())) continue;
      try {
        if (job.name().isPresent()) lane.cancel(job.name().get());
        else lane.find(job.displayName()).ifPresent(lane::cancel);
      } catch (BatchLaneException e) {
        ctx.progress().notice("batch lane: cancelling " + job.displayName() + " failed: " + e.getMessage());
      }
      jobs.finish(job.id(), "CANCELLED", "the batch ended before this job did", ctx.worker().now());
    }
  }

  private boolean step(BatchJobs jobs, BatchJobs.Job job) {
    Worker w = ctx.worker();
    if (job.name().isEmpty()) {
      // Written as an intent: created by a process that stopped before it learned the name, or never created.
      String name = lane.find(job.displayName()).orElseGet(() -> lane.submit(job.model(), job.displayName(), items(jobs.waiting(job.id()))));
      jobs.named(job.id(), name);
      jobs.polled(job.id(), "submitted", w.now() + firstPoll.toMillis());
      return true;
    }
    if (w.now() < job.nextPollMs()) return false;
    BatchLane.Job status = lane.poll(job.name().get());
    if (!status.state().ended()) {
      long wait = Math.min(maxPoll.toMillis(), firstPoll.toMillis() << Math.min(6, job.polls()));
      jobs.polled(job.id(), status.state().name(), w.now() + wait);
      return false;
    }
    if (status.state() == BatchLane.State.SUCCEEDED) {
      Map<String, Candidate> byKey = new HashMap<>();
      for (Candidate c : jobs.waiting(job.id())) byKey.put(key(c), c);
      lane.results(job.name().get(), (key, outcome) -> {
        Candidate c = byKey.remove(key);
        if (c != null) land(jobs, job, c, outcome); // a key already landed (a results read that a stop cut short) is skipped
      });
    }
    int back = jobs.finish(job.id(), status.state().name(), status.message(), w.now());
    if (back > 0) ctx.progress().notice("batch lane: job " + job.name().get() + " " + status.state().name().toLowerCase() + "; "
        + back + " " + tier.label() + "(s) go back to be sent again" + (status.message() == null ? "" : " (" + status.message() + ")"));
    ctx.signal().poke();
    return true;
  }

  /** The planned drafts (accepted drafts, for finals) nobody holds, as jobs: each intent in the ledger first, then the job, then its name. */
  private boolean wave(BatchJobs jobs) {
    Worker w = ctx.worker();
    CandidateState from = tier == Tier.DRAFT ? CandidateState.PLANNED : CandidateState.ACCEPTED;
    List<Claims.Claimed> claimed = ctx.ledger().claims().claim(ctx.batchId(), from, w.id(), w.now(), w.leaseUntil(), MAX_REQUESTS,
        c -> FinalStage.isDirect(c) && tier == Tier.FINAL ? new Claims.Hold("final", "final", c.instructions().finalModel(), c.instructions().finalSize().label(), 0)
            : ctx.calls().hold(tier.label(), priced(c)));
    if (claimed.isEmpty()) return false;
    // Cut into jobs the lane can take (a final by reference carries its draft: 2 GB as a file on Gemini), one model each.
    List<List<Claims.Claimed>> chunks = new ArrayList<>();
    Map<String, Long> bytes = new HashMap<>();
    Map<String, List<Claims.Claimed>> open = new java.util.LinkedHashMap<>();
    for (Claims.Claimed c : claimed) {
      if (tier == Tier.FINAL && FinalStage.isDirect(c.candidate())) {
        // Drafted on the final model at the final size: the draft is its final, no call to make.
        ctx.ledger().transition(c.candidate().id(), CandidateState.ACCEPTED, CandidateState.RENDERED,
            Change.none().withRender(c.candidate().draftFile()).withNote("rendered directly on the final model"), null, null, false);
        continue;
      }
      String model = c.candidate().instructions().modelFor(tier);
      long size = requestBytes(c.candidate());
      List<Claims.Claimed> chunk = open.get(model);
      if (chunk == null || bytes.get(model) + size > lane.maxJobBytes()) {
        chunk = new ArrayList<>();
        chunks.add(chunk);
        open.put(model, chunk);
        bytes.put(model, 0L);
      }
      chunk.add(c);
      bytes.merge(model, size, Long::sum);
    }
    for (List<Claims.Claimed> chunk : chunks) submit(jobs, chunk.get(0).candidate().instructions().modelFor(tier), chunk);
    return true;
  }

  /** About what a request weighs in an inline job: the prompt, and for a final by reference its draft in base64. */
  private long requestBytes(Candidate c) {
    if (tier == Tier.DRAFT || ctx.job().promotion() != PromotionMode.REFERENCE) return 2_048;
    return 2_048 + Math.max(0, ctx.store().size(c.draftFile())) * 4 / 3;
  }

  private void submit(BatchJobs jobs, String model, List<Claims.Claimed> claimed) {
    Worker w = ctx.worker();
    long ofTier = jobs.all(ctx.batchId()).stream().filter(j -> j.tier().equals(tier.label())).count();
    String displayName = "winnow-" + ctx.batchId() + "-" + tier.label() + "s-" + (ofTier + 1);
    BatchJobs.Job job = jobs.open(ctx.batchId(), tier.label(), model, displayName, claimed, w.now(), w.now() + HOLD.toMillis());
    List<Candidate> members = new ArrayList<>();
    for (Claims.Claimed c : claimed) members.add(c.candidate());
    try {
      jobs.named(job.id(), lane.submit(model, displayName, items(members)));
      jobs.polled(job.id(), "submitted", w.now() + firstPoll.toMillis());
      ctx.progress().notice("batch lane: " + members.size() + " " + tier.label() + "(s) sent as one Batch API job (" + displayName + ")");
    } catch (BatchLaneException e) {
      // Maybe created, maybe not: the next pass looks for it by name before creating it again.
      ctx.progress().notice("batch lane: creating " + displayName + " failed (" + e.getMessage() + "); looking for it again shortly");
    }
  }

  /** One result: its record at the Batch price, and the candidate's next state (or back to be sent again). */
  private void land(BatchJobs jobs, BatchJobs.Job job, Candidate c, CallOutcome o) {
    Long reservation = jobs.reservation(job.id(), c.id()).orElse(null);
    CallRecord record = record(job, c, priced(c), o);
    if (o instanceof CallOutcome.Retryable && record.attempt() < MAX_ATTEMPTS) {
      ctx.ledger().recordCall(record);
      jobs.giveBack(job.id(), c.id());
    } else if (tier == Tier.FINAL) {
      landFinal(c, o, record, reservation);
    } else {
      landDraft(c, o, record, reservation);
    }
  }

  private void landDraft(Candidate c, CallOutcome o, CallRecord record, Long reservation) {
    Ledger ledger = ctx.ledger();
    if (o instanceof CallOutcome.Image img) {
      String file = ctx.store().writeDraft(c.key(), c.instructions().seed(), img.bytes(), img.mimeType());
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED,
          Change.none().withDraft(file, img.mimeType()), record, reservation, false);
    } else if (o instanceof CallOutcome.Blocked b) {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.SCREENED_OUT,
          Change.none().withReasons(List.of("blocked")).withNote(b.describe()), record, reservation, false);
    } else {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.FAILED,
          Change.none().withReasons(List.of(FailReason.DRAFT_FAILED.code())).withNote(o.describe()), record, reservation, false);
    }
  }

  /** The call's record: on the Batch lane at its price, plus the thinking the model metered. */
  private CallRecord record(BatchJobs.Job job, Candidate c, GenerationRequest request, CallOutcome o) {
    long price = ctx.calls().priceMicros(request, Lane.BATCH);
    int attempt = 1 + ctx.ledger().callCount(c.id(), tier.label());
    long thoughts = o instanceof CallOutcome.Image i ? i.thoughtTokens() : 0;
    return new CallRecord(ctx.batchId(), c.id(), tier.label(), tier.label(), request.model(), request.instructions().sizeFor(tier).label(),
        attempt, o.kind(), o.httpStatus() == 0 ? null : o.httpStatus(), price,
        o.billed() ? price + ctx.calls().thinkingMicros(request.model(), thoughts) : 0,
        o instanceof CallOutcome.Image i ? i.imageTokens() : 0, 0, ctx.worker().clock().instant(),
        o instanceof CallOutcome.Image ? "in batch " + job.name().orElse("?") : o.describe() + " (batch " + job.name().orElse("?") + ")", Lane.BATCH.label());
  }

  /**
   * A final the job answered: the render on disk first, then ACCEPTED -> RENDERED with its call, and the final stage
   * delivers it. Drift is measured and flagged; a re-render would be another job, so a drifted final is delivered
   * flagged for a look (as after the last re-render on the standard lane).
   */
  private void landFinal(Candidate c, CallOutcome o, CallRecord record, Long reservation) {
    Ledger ledger = ctx.ledger();
    if (o instanceof CallOutcome.Image img) {
      String file = ctx.store().writeRender(c.key(), c.instructions().seed(), img.bytes(), img.mimeType());
      int bits = FinalStage.driftBits(c, img.bytes());
      Change change = Change.none().withRender(file);
      if (bits > ctx.job().driftThreshold()) {
        change = change.withReasons(List.of("drift_flagged")).withNote("final drifted " + bits + " bits from its draft (Batch lane, not re-rendered); look at it");
      }
      ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.RENDERED, change, record, reservation, false);
    } else {
      String reason = (o instanceof CallOutcome.Blocked ? FailReason.FINAL_BLOCKED : FailReason.FINAL_FAILED).code();
      ledger.transition(c.id(), CandidateState.ACCEPTED, CandidateState.FAILED,
          Change.none().withReasons(List.of(reason)).withNote(o.describe()), record, reservation, false);
    }
  }

  /** The request as priced: the same model, size, lane and thinking, without reading the draft a reference would carry. */
  private GenerationRequest priced(Candidate c) {
    Instructions in = c.instructions();
    return ctx.job().dress(tier == Tier.DRAFT ? GenerationRequest.draft(in) : GenerationRequest.fromSeed(in)).on(Lane.BATCH);
  }

  private GenerationRequest request(Candidate c) {
    Instructions in = c.instructions();
    if (tier == Tier.DRAFT) return ctx.job().dress(GenerationRequest.draft(in)).on(Lane.BATCH);
    GenerationRequest r = ctx.job().promotion() == PromotionMode.REFERENCE
        ? GenerationRequest.fromReference(in, new ReferenceImage(ctx.readDraft(c), c.draftMime()))
        : GenerationRequest.fromSeed(in);
    return ctx.job().dress(r).on(Lane.BATCH);
  }


  private List<BatchLane.Item> items(List<Candidate> members) {
    List<BatchLane.Item> items = new ArrayList<>();
    for (Candidate c : members) items.add(new BatchLane.Item(key(c), request(c)));
    return items;
  }

  private static String key(Candidate c) {
    return "c" + c.id();
  }
}
