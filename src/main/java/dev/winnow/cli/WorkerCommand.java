package dev.winnow.cli;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.BackendChoice;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.job.Job;
import dev.winnow.job.ReviewMode;
import dev.winnow.job.StoredJob;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.Planners;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.pipeline.Quota;
import dev.winnow.review.AutoReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.store.Store;
import dev.winnow.store.Stores;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code winnow worker}: works on every open batch of a ledger, alongside whatever else works on them. */
@Command(
    name = "worker",
    header = "Work on every running batch in a ledger, beside any other processes on it.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve every running batch in the ledger: claim planned drafts and accepted finals, screen, gate and plan, as",
      "any `winnow run` of the same job does. Start as many as you like on one ledger: nothing is paid twice and",
      "together they stay under --rpm (the quota is the API project's, kept in the ledger). Batches reviewed by a",
      "person or a judge are drafted and finished here; their review stays with the process that has the reviewer.",
      "SIGTERM or Ctrl-C lets the calls in flight land and gives the work back; a killed worker's work is taken",
      "back by the others (at once on this machine, after its 30 s lease elsewhere).",
      "",
      "Example: winnow worker --db winnow.db --exit-when-idle",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class WorkerCommand implements Callable<Integer> {
  @Mixin LedgerOption ledgerOption;

  @Mixin BackendOptions backendOptions;

  @Option(names = "--exit-when-idle", description = "Exit once no batch is running (default: wait for new batches until stopped).")
  boolean exitWhenIdle;

  @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "2", description = "How often to look for new batches (default: ${DEFAULT-VALUE}).")
  double poll;

  @Override
  public Integer call() {
    Graceful.onStop(Thread.currentThread());
    PriceTable prices = PriceTable.load(backendOptions.prices);
    PrintStream err = System.err;
    Map<String, Thread> serving = new ConcurrentHashMap<>();
    try (Ledger ledger = ledgerOption.open();
        Stores stores = Stores.fromEnvironment();
        ImageModel model = BackendChoice.open(backendOptions.backend, Optional.ofNullable(backendOptions.apiBase), System.getenv())) {
      err.println("winnow: worker on " + ledgerOption.describe() + ", backend " + model.backend() + ", quota " + backendOptions.rpm + " rpm per model (shared with every process on this ledger)");
      Quota quota = Quota.shared(ledger, backendOptions.rpm, Clock.systemUTC());
      while (true) {
        for (Batch b : ledger.runningBatches()) {
          if (serving.containsKey(b.id())) continue;
          if (!b.backend().equals(model.backend())) {
            err.println("winnow: skipping batch " + b.id() + ": it runs on backend " + b.backend() + ", this worker on " + model.backend());
            serving.put(b.id(), new Thread(() -> {}));
            continue;
          }
          Thread t = new Thread(() -> serve(ledger, stores, model, prices, quota, b, err), "winnow-serve-" + b.id());
          serving.put(b.id(), t);
          t.start();
        }
        boolean busy = serving.values().stream().anyMatch(Thread::isAlive);
        if (exitWhenIdle && !busy && ledger.runningBatches().stream().allMatch(b -> serving.containsKey(b.id()))) return ExitCodes.OK;
        Thread.sleep(Math.max(50, (long) (poll * 1000)));
      }
    } catch (InterruptedException e) {
      err.println("winnow: worker stopping: letting the calls in flight land");
      for (Thread t : serving.values()) t.interrupt();
      for (Thread t : serving.values()) {
        try {
          t.join(Graceful.GRACE.toMillis());
        } catch (InterruptedException again) {
          break;
        }
      }
      return ExitCodes.INTERRUPTED;
    }
  }

  private static void serve(Ledger ledger, Stores stores, ImageModel model, PriceTable prices, Quota quota, Batch b, PrintStream err) {
    try {
      Job job = StoredJob.parse(b.id(), b.jobJson());
      Store store = stores.open(b.outDir());
      store.check(true); // before any call is paid for: a bucket this worker cannot write to would waste it
      err.println("winnow: working on batch " + b.id() + " (" + job.wantTotal() + " keepers, review " + job.review().label() + ")");
      Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()),
          job.review() == ReviewMode.AUTO ? new AutoReviewer() : null, Planners.forJob(job), prices, RetryPolicy.standard(new Random()), quota,
          ProgressListener.SILENT, Clock.systemUTC(), Main.version()));
      BatchOutcome o = p.join(b.id(), store);
      err.println("winnow: batch " + b.id() + " " + o.status().name().toLowerCase() + ": " + o.delivered() + " of " + o.wanted() + " delivered");
    } catch (RuntimeException e) {
      err.println("winnow: batch " + b.id() + ": " + e.getMessage());
    }
  }
}
