package dev.winnow.web;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.Planners;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.Reviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** A real batch on the local backend, run in the background so a test can review it while it drafts. */
final class TestBatch {
  static final PriceTable PRICES = PriceTable.builtIn();

  private TestBatch() {}

  static Job job(String prompt, int want, String review) {
    // 1K finals keep the suite fast.
    return JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(prompt, null)), want, null, null, null, null, "1K",
        review, null, null, 2, null, null, null, null, JobInput.Source.FLAGS));
  }

  static CompletableFuture<BatchOutcome> start(Ledger ledger, Job job, Path out, Reviewer reviewer, ProgressListener progress) {
    Pipeline p = new Pipeline(new Pipeline.Services(ledger, new LocalImageModel(), new Screen(ScreenSettings.defaults()), reviewer,
        Planners.forJob(job), PRICES, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), new Random(1)),
        dev.winnow.pipeline.Quota.unlimited(), progress, Clock.systemUTC(), "test"));
    return CompletableFuture.supplyAsync(() -> p.run(job, out));
  }
}
