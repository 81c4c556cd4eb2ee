package dev.winnow.pipeline;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.job.Job;
import dev.winnow.job.JobJson;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.Reviewer;
import dev.winnow.screen.Screen;
import dev.winnow.store.FolderStore;
import dev.winnow.store.ImageStore;
import dev.winnow.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import dev.winnow.cost.Usd;

/**
 * The batch runner's front door: runs a {@link Job} to the end, or continues it if the ledger already has it (the
 * batch id is derived from the job, so the same command resumes instead of paying twice).
 */
public final class Pipeline {

  /** Everything a run uses, injected so tests can swap the model, the clock and the sleeps. */
  public record Services(
      Ledger ledger,
      ImageModel model,
      Screen screen,
      Reviewer reviewer,
      DraftPlanner planner,
      PriceTable prices,
      RetryPolicy retry,
      Quota quota,
      ProgressListener progress,
      Clock clock,
      String version) {}

  private final Services s;

  public Pipeline(Services services) {
    this.s = services;
  }

  /**
   * Runs the batch of {@code job} until it ends, with any other processes working on it. A batch already in the
   * ledger is joined when running and continued when it stopped (failed, short, budget); a done one is left alone.
   */
  public BatchOutcome run(Job job, Path outDir) {
    // A batch already in the ledger stays in the folder it began in, whatever folder is given now.
    String location = s.ledger().batch(job.batchId()).map(Batch::outDir).orElse(outDir.toAbsolutePath().toString());
    return run(job, new FolderStore(Path.of(location)));
  }

  /**
   * As {@link #run(Job, Path)}, with the batch's images in {@code store} (a folder or a bucket), which the ledger
   * records for every later command. The caller has checked the store answers, and for a batch the ledger already
   * has, opened the store it records.
   */
  public BatchOutcome run(Job job, Store store) {
    Optional<BatchOutcome> done = submit(job, store);
    return done.orElseGet(() -> work(job, job.batchId(), store));
  }

  /**
   * Puts the batch of {@code job} in the ledger as running (created, or reopened when it had stopped) with its images
   * in {@code store}, for any worker to take, without working on it; a batch already done is left alone and its
   * outcome returned.
   */
  public Optional<BatchOutcome> submit(Job job, Store store) {
    String batchId = job.batchId();
    Ledger ledger = s.ledger();
    Long budget = job.budgetUsd().map(Usd::micros).orElse(null);
    Optional<Batch> existing = ledger.batch(batchId);
    if (existing.isPresent() && existing.get().status() == BatchStatus.DONE) {
      return Optional.of(new BatchOutcome(batchId, BatchStatus.DONE, job.wantTotal(), job.wantTotal(), null));
    }
    if (existing.isPresent() && existing.get().status() != BatchStatus.RUNNING) ledger.reopenBatch(batchId, s.model().backend());
    if (existing.isEmpty()) ledger.createBatch(batchId, s.model().backend(), JobJson.of(job), job.wantTotal(), store.location(), budget);
    ledger.setBudget(batchId, budget);
    return Optional.empty();
  }

  /**
   * Works on a batch another process started, from the job the ledger holds, until it ends (a {@code winnow
   * worker}). Without a reviewer in {@link Services}, candidates waiting for review are left to the process that
   * has one. {@code store} is the one the ledger records for the batch.
   */
  public BatchOutcome join(String batchId, Store store) {
    Batch b = s.ledger().batch(batchId).orElseThrow(() -> new dev.winnow.ledger.LedgerException("no batch " + batchId + " in " + s.ledger().describe()));
    Job job = dev.winnow.job.StoredJob.parse(batchId, b.jobJson());
    if (b.status() != BatchStatus.RUNNING) return new BatchOutcome(batchId, b.status(), job.wantTotal(), 0, b.note());
    return work(job, batchId, store);
  }

  private BatchOutcome work(Job job, String batchId, Store store) {
    Ledger ledger = s.ledger();
    Pacing pacing = new Pacing(s.quota(), job.concurrencyCap(), Pacing.defaultMemoryBudget());
    for (String model : java.util.List.of(job.draftModel(), job.finalModel()).stream().distinct().toList()) ledger.recentLatencyMs(model, 20).ifPresent(ms -> pacing.seed(model, ms));
    try (Worker worker = Worker.start(ledger, s.clock())) {
      PaidCall calls = new PaidCall(s.model(), ledger, s.prices(), s.retry(), s.quota(), pacing, s.clock(),
          Sleeper.real(), worker).withFlexPatience(job.flexPatience());
      BatchContext ctx = new BatchContext(job, batchId, ledger, ImageStore.of(store, batchId), worker, calls, pacing, new Signal(),
          s.progress(), new Provenance(s.model().backend(), s.version()));
      return new BatchRun(ctx, Optional.ofNullable(s.reviewer()), s.screen(), s.planner(), s.model().parallelism(), s.model().batchLane()).run();
    }
  }

  /** One quota per model of {@code rpm} requests a minute, in this process only (tests, rebuilds). */
  public static Quota perModel(int rpm) {
    return Quota.local(rpm, model -> RateLimiter.perMinute(rpm));
  }
}
