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
import dev.winnow.store.ImageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

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
      Function<String, RateLimiter> limiters,
      ProgressListener progress,
      Clock clock,
      String version) {}

  private final Services s;

  public Pipeline(Services services) {
    this.s = services;
  }

  public BatchOutcome run(Job job, Path outDir) {
    String batchId = job.batchId();
    Optional<Batch> existing = s.ledger().batch(batchId);
    Path root = outDir;
    if (existing.isPresent()) {
      Batch b = existing.get();
      root = Path.of(b.outDir());
      if (b.status() == BatchStatus.DONE) {
        return new BatchOutcome(batchId, BatchStatus.DONE, job.wantTotal(), job.wantTotal(), null);
      }
      s.ledger().reopenBatch(batchId, s.model().backend());
    } else {
      s.ledger().createBatch(batchId, s.model().backend(), JobJson.of(job), job.wantTotal(), outDir.toAbsolutePath().toString());
    }
    long already = s.ledger().spentMicros(batchId);
    Spend spend = Spends.forBudget(job.budgetUsd(), already, s.progress());
    CallRunner calls =
        new CallRunner(s.model(), s.ledger(), s.prices(), s.retry(), s.limiters(), spend, s.clock(), d -> Thread.sleep(Math.max(1, d.toMillis())));
    ImageStore store = new ImageStore(root, batchId);
    BatchRun run =
        new BatchRun(job, batchId, s.ledger(), store, s.screen(), s.reviewer(), s.planner(), calls, spend, s.progress(),
            new Provenance(s.model().backend(), s.version()));
    return run.run();
  }

  /** A limiter factory giving each model its own {@code rpm} requests per minute. */
  public static Function<String, RateLimiter> perModel(int rpm) {
    return model -> RateLimiter.perMinute(rpm);
  }

}
