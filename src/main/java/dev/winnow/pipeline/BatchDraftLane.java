package dev.winnow.pipeline;

import dev.winnow.generate.BatchLane;
import dev.winnow.generate.BatchLaneException;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.Lane;
import dev.winnow.ledger.BatchJobs;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.FailReason;
import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Drafts on the Batch lane: the planned drafts go out in waves, one Batch API job each, sized by what the planner
 * still needs. The intent of a job (its candidates, their reservations) is in the ledger before the job is created
 * and its name as soon as the provider returns it; a job created just before a kill is found again by its display
 * name. Jobs are polled with backoff; results are matched by key, each image written to the store before the ledger
 * records it. Requests a job did not answer (failed, expired, cancelled) go back to the planner.
 */
final class BatchDraftLane {
  /** Past the provider's 48-hour expiry: a job's candidates stay its own until it has certainly ended. */
  static final Duration HOLD = Duration.ofHours(49);
  /** Requests per job: text-only draft requests stay far below the 20 MB of an inline batch. */
  static final int MAX_REQUESTS = 2_000;
  /** A failed request is sent again in a later wave, this many times in all. */
  static final int MAX_ATTEMPTS = 3;

  private final BatchContext ctx;
  private final BatchLane lane;
  private final BooleanSupplier deciding;
  private final Duration firstPoll;
  private final Duration maxPoll;

  BatchDraftLane(BatchContext ctx, BatchLane lane, BooleanSupplier deciding, Duration firstPoll, Duration maxPoll) {
    this.ctx = ctx;
    this.lane = lane;
    this.deciding = deciding;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /** One look at the batch's jobs and, when none is open and drafts are planned, a new wave. True if it did something. */
  boolean pass() {
    BatchJobs jobs = ctx.ledger().batchJobs();
    Worker w = ctx.worker();
    boolean changed = false;
    List<BatchJobs.Job> active = jobs.active(ctx.batchId());
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
        + back + " draft(s) go back to the planner" + (status.message() == null ? "" : " (" + status.message() + ")"));
    ctx.signal().poke();
    return true;
  }

  /** The planned drafts nobody holds, as one job: its intent in the ledger first, then the job, then its name. */
  private boolean wave(BatchJobs jobs) {
    Worker w = ctx.worker();
    List<Ledger.Claimed> claimed = ctx.ledger().claim(ctx.batchId(), CandidateState.PLANNED, w.id(), w.now(), w.leaseUntil(), MAX_REQUESTS,
        c -> ctx.calls().hold("draft", request(c)));
    if (claimed.isEmpty()) return false;
    // One job per model: a prompt rendered directly drafts on the final model.
    Map<String, List<Ledger.Claimed>> byModel = new java.util.LinkedHashMap<>();
    for (Ledger.Claimed c : claimed) byModel.computeIfAbsent(request(c.candidate()).model(), m -> new ArrayList<>()).add(c);
    for (Map.Entry<String, List<Ledger.Claimed>> group : byModel.entrySet()) submit(jobs, group.getKey(), group.getValue());
    return true;
  }

  private void submit(BatchJobs jobs, String model, List<Ledger.Claimed> claimed) {
    Worker w = ctx.worker();
    String displayName = "winnow-" + ctx.batchId() + "-drafts-" + (jobs.all(ctx.batchId()).size() + 1);
    BatchJobs.Job job = jobs.open(ctx.batchId(), "draft", model, displayName, claimed, w.now(), w.now() + HOLD.toMillis());
    List<Candidate> members = new ArrayList<>();
    for (Ledger.Claimed c : claimed) members.add(c.candidate());
    try {
      jobs.named(job.id(), lane.submit(model, displayName, items(members)));
      jobs.polled(job.id(), "submitted", w.now() + firstPoll.toMillis());
      ctx.progress().notice("batch lane: " + members.size() + " draft(s) sent as one Batch API job (" + displayName + ")");
    } catch (BatchLaneException e) {
      // Maybe created, maybe not: the next pass looks for it by name before creating it again.
      ctx.progress().notice("batch lane: creating " + displayName + " failed (" + e.getMessage() + "); looking for it again shortly");
    }
  }

  private void land(BatchJobs jobs, BatchJobs.Job job, Candidate c, CallOutcome o) {
    GenerationRequest request = request(c);
    Long reservation = jobs.reservation(job.id(), c.id()).orElse(null);
    long price = ctx.calls().priceMicros(request, Lane.BATCH);
    int attempt = 1 + ctx.ledger().callCount(c.id(), "draft");
    CallRecord record = new CallRecord(ctx.batchId(), c.id(), "draft", "draft", request.model(), request.instructions().draftSize().label(),
        attempt, o.kind(), o.httpStatus() == 0 ? null : o.httpStatus(), price,
        o.billed() ? price + ctx.calls().thinkingMicros(request.model(), o instanceof CallOutcome.Image i ? i.thoughtTokens() : 0) : 0,
        o instanceof CallOutcome.Image i ? i.imageTokens() : 0, 0, ctx.worker().clock().instant(),
        o instanceof CallOutcome.Image ? "in batch " + job.name().orElse("?") : o.describe() + " (batch " + job.name().orElse("?") + ")", Lane.BATCH.label());
    Ledger ledger = ctx.ledger();
    if (o instanceof CallOutcome.Image img) {
      Path file = ctx.store().writeDraft(c.key(), c.instructions().seed(), img.bytes(), img.mimeType());
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.DRAFTED,
          Change.none().withDraft(ctx.relative(file), img.mimeType()), record, reservation, false);
    } else if (o instanceof CallOutcome.Blocked b) {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.SCREENED_OUT,
          Change.none().withReasons(List.of("blocked")).withNote(b.describe()), record, reservation, false);
    } else if (o instanceof CallOutcome.Retryable && attempt < MAX_ATTEMPTS) {
      ledger.recordCall(record);
      jobs.giveBack(job.id(), c.id());
    } else {
      ledger.transition(c.id(), CandidateState.PLANNED, CandidateState.FAILED,
          Change.none().withReasons(List.of(FailReason.DRAFT_FAILED.code())).withNote(o.describe()), record, reservation, false);
    }
  }

  private GenerationRequest request(Candidate c) {
    return ctx.job().dress(GenerationRequest.draft(c.instructions())).on(Lane.BATCH);
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
