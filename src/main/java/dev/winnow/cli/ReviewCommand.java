package dev.winnow.cli;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.BackendChoice;
import dev.winnow.generate.ImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.ReviewMode;
import dev.winnow.job.StoredJob;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Summaries;
import dev.winnow.store.Store;
import dev.winnow.store.Stores;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code winnow review BATCH}: reopens a batch's review queue in the gallery. The batch continues with the job the
 * ledger stored for it, a person deciding; picks made before a stop that never reached the pipeline are applied first.
 */
@Command(
    name = "review",
    header = "Reopen a batch's review in the web gallery and continue the batch.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reopen a batch's review queue in the web gallery and continue the batch with a person deciding. The job is the",
      "one stored in the ledger; picks recorded before a stop are applied first, and finals are rendered as picks arrive.",
      "",
      "With --audit, nothing is drafted or rendered: the gallery shows drafts a vision judge decided alone, without its",
      "verdict, for a person to keep or discard; the answers pair with the judge's for `winnow stats` and calibration.",
      "",
      "Example: winnow review misty-mountains-at-dawn-1a2b3c4d",
      "         winnow review misty-mountains-at-dawn-1a2b3c4d --audit",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class ReviewCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "BATCH", description = "A batch id as `run` printed it (a unique prefix is enough).")
  String batch;

  @Mixin LedgerOption ledgerOption;

  @Mixin BackendOptions backendOptions;

  @Mixin ReviewOptions reviewOptions;

  @picocli.CommandLine.Option(names = "--audit", description = "Check a vision judge's work instead of continuing the batch: its decided "
      + "drafts are shown blind, you keep or discard each, and the answers count toward its agreement and calibration. Serves until Ctrl-C.")
  boolean audit;

  @Override
  public Integer call() {
    PriceTable prices = backendOptions.prices == null ? PriceTable.builtIn() : PriceTable.withOverrides(backendOptions.prices);
    var stdout = spec.commandLine().getOut();
    try (Ledger ledger = ledgerOption.open();
        Stores stores = Stores.fromEnvironment()) {
      Batch b = Batches.find(ledger.batches(), batch, ledgerOption.describe());
      Store images = stores.open(b.outDir());
      images.check(b.status() != BatchStatus.DONE); // finals are rendered as picks arrive: the store must take them
      if (audit) return audit(ledger, b, prices, stores);
      Job job = StoredJob.parse(b.id(), b.jobJson());
      // The batch keeps the backend it was drafted on unless asked otherwise: its finals must match its drafts.
      String backend = backendOptions.backend.equals("auto") ? b.backend() : backendOptions.backend;
      TerminalProgress progress = new TerminalProgress(System.err, System.console() != null);
      if (b.status() == BatchStatus.DONE) {
        System.err.println("winnow: batch " + b.id() + " is done: nothing is waiting for review (winnow report " + b.id() + " --html FILE shows it)");
        if (!reviewOptions.keepOpen) return ExitCodes.OK;
      }
      try (ImageModel model = BackendChoice.open(backend, Optional.ofNullable(backendOptions.apiBase), System.getenv());
          Reviewers reviewers = Reviewers.open(ReviewMode.HUMAN, job, ledger, reviewOptions, Reviewers.Judging.none(), progress, prices, stores, System.err)) {
        BatchOutcome outcome = RunCommand.pipeline(ledger, model, job, reviewers, prices, backendOptions.rpm).run(job, images);
        SummaryPrinter.text(Summaries.of(ledger, b.id(), prices), stdout);
        reviewers.keepOpen(reviewOptions, System.err);
        return RunCommand.exitCode(outcome);
      }
    }
  }

  /** Serves the audit page of a judged batch until interrupted; every answer is in the ledger as it is given. */
  private int audit(Ledger ledger, Batch b, PriceTable prices, Stores stores) {
    int open = dev.winnow.review.JudgeAudit.open(ledger, b.id()).size();
    if (open == 0) {
      System.err.println("winnow: batch " + b.id() + " has no judged drafts left to audit (a --review vision batch has them; winnow stats shows the agreement)");
      return ExitCodes.OK;
    }
    dev.winnow.web.LiveStatus live = new dev.winnow.web.LiveStatus(dev.winnow.pipeline.ProgressListener.SILENT);
    try (dev.winnow.web.WebApp web = dev.winnow.web.WebApp.start(new dev.winnow.web.WebApp.Settings(reviewOptions.host, reviewOptions.port,
        dev.winnow.web.WebApp.newToken()), ledger, b.id(), null, live, prices, stores)) {
      System.err.println("winnow: " + open + " drafts the judge decided are waiting for your check: " + web.url("/audit") + " (Ctrl-C when done)");
      new java.util.concurrent.CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
