package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.cost.Acceptance;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.TierAdvice;
import dev.winnow.generate.BackendChoice;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.Lane;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.VisionModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobFile;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.job.PromptTarget;
import dev.winnow.job.ReviewMode;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.PlanComparison;
import dev.winnow.pipeline.Planners;
import dev.winnow.pipeline.Quota;
import dev.winnow.pipeline.Summaries;
import dev.winnow.pipeline.Summary;
import dev.winnow.review.Rubric;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.store.Store;
import dev.winnow.store.Stores;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow run}: one batch from prompts to delivered finals, with a ledger and a cost summary. */
@Command(
    name = "run",
    header = "Make a batch: cheap drafts, a free screen, a review, and finals for the keepers only.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Draft candidates on the cheap model, screen them for free, review the survivors, and render only the keepers",
      "on the standard model from the same instructions. Running the same job again continues it instead of paying twice.",
      "",
      "Example: winnow run --prompt \"misty mountains at dawn\" --want 8",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "A prompt (repeat for several). Replaces the job file's prompts.")
  List<String> prompts = new ArrayList<>();

  @Option(names = {"-j", "--job"}, paramLabel = "FILE.yaml", description = "A YAML job file (keys as the flags, with underscores: max_drafts). Flags override it.")
  Path jobFile;

  @Option(names = {"-n", "--want"}, paramLabel = "N", description = "Keepers wanted in total, shared across prompts.")
  Integer want;

  @Option(names = "--want-each", paramLabel = "N", description = "Keepers wanted per prompt.")
  Integer wantEach;

  @Option(names = "--draft-model", paramLabel = "MODEL", description = "Model for drafts (default: " + JobValidator.DEFAULT_DRAFT_MODEL + "; alias nano-banana-2-lite).")
  String draftModel;

  @Option(names = "--final-model", paramLabel = "MODEL", description = "Model for finals (default: " + JobValidator.DEFAULT_FINAL_MODEL + "; alias nano-banana-2.1; the article's nano-banana-2 is deprecated).")
  String finalModel;

  @Option(names = "--aspect", paramLabel = "W:H", description = "Aspect ratio (default: " + JobValidator.DEFAULT_ASPECT + "). One of 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9, 1:4, 4:1, 1:8, 8:1.")
  String aspect;

  @Option(names = "--size", paramLabel = "SIZE", description = "Final size: 512, 1K, 2K, 4K (default: " + JobValidator.DEFAULT_SIZE + "). Drafts render at the draft model's size up to 1K.")
  String size;

  @Option(names = "--review", paramLabel = "MODE", description = "Who accepts survivors of the screen: auto (all of them), human (web gallery), vision (a model with a rubric). Default: auto.")
  String review;

  @Option(names = "--promotion", paramLabel = "ROUTE", description = "How an accepted draft becomes a final: reference (send the draft back as an input image; default for Gemini models) or seed (same prompt and seed only).")
  String promotion;

  @Option(names = "--seed", paramLabel = "N", description = "First seed; candidate k of a prompt uses seed N+k (default: " + JobValidator.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "At most N calls in flight per tier in this process. Default: no cap; calls in flight follow --rpm and the latency observed (rpm x latency / 60), bounded by memory.")
  Integer concurrency;

  @Option(names = "--max-drafts", paramLabel = "N", description = "Never make more than N drafts in the whole batch (default: " + JobValidator.DEFAULT_DRAFTS_PER_KEEPER + " per keeper wanted).")
  Integer maxDrafts;

  @Option(names = "--budget", paramLabel = "USD", description = "Hard spending cap for this batch in US dollars; no call is made that could cross it.")
  BigDecimal budget;

  @Option(names = "--drift-threshold", paramLabel = "BITS", description = "A final whose perceptual hash differs from its draft's by more than BITS of 64 has drifted (default: " + JobValidator.DEFAULT_DRIFT_THRESHOLD + ").")
  Integer driftThreshold;

  @Option(names = "--max-rerenders", paramLabel = "N", description = "Re-render a drifted final up to N times, then deliver the closest and flag it for a look (default: " + JobValidator.DEFAULT_MAX_RERENDERS + ").")
  Integer maxRerenders;

  @Option(names = "--draft-lane", paramLabel = "LANE", description = "How drafts are served: standard (default), flex (half price, slower, best effort; a request dropped for "
      + "too long falls back to standard and is priced as such) or batch. Refused before any call where the model has no such lane.")
  String draftLane;

  @Option(names = "--final-lane", paramLabel = "LANE", description = "How finals are served: standard (default), flex or batch, as --draft-lane.")
  String finalLane;

  @Option(names = "--flex-patience", paramLabel = "SECONDS", description = "How long a call on the flex lane is retried (dropped or timed out) before it falls back to the standard lane (default: 600).")
  Integer flexPatience;

  @Option(names = "--thinking", paramLabel = "LEVEL", description = "How hard Nano Banana 2.1 thinks before it draws: minimal, medium (the API's "
      + "default) or high. Thinking tokens are billed as text output, and counted so in the ledger.")
  String thinking;

  @Option(names = "--route", paramLabel = "ROUTE", description = "fixed (default): the models and lanes as given; auto: the cheapest plan per "
      + "keeper from the price table (one tier or two, a lane per tier), at the acceptance measured for the prompts or --expect-acceptance.")
  String route;

  @Option(names = "--expect-acceptance", paramLabel = "P", description = "With --route auto: the share of drafts you expect to keep, 0..1, "
      + "until enough of these prompts' drafts have been decided to measure it (default: 0.35, the article's).")
  Double expectAcceptance;

  @Option(names = "--deadline", paramLabel = "TIME", description = "With --route auto: when the batch must be done (30m, 6h, 2d); lanes "
      + "that take longer are not chosen (a Batch job targets 24 h, a Flex call up to 15 min).")
  String deadline;

  @Option(names = "--batch-poll", paramLabel = "SECONDS", description = "With --draft-lane batch: the first look at a Batch API job after it is created; "
      + "later looks back off, doubling to a minute (default: 5).")
  Integer batchPoll;

  @Option(names = "--skip-check", paramLabel = "NAME", description = "Do not screen drafts with this check (repeatable): blur, flat or "
      + "brightness. Prompts that ask for a flat, minimal(ist), gradient, solid, vector or silhouette look skip blur and flat "
      + "anyway; a job file's checks: {blur: on} keeps them.")
  List<String> skipChecks = new ArrayList<>();

  @Option(names = "--select", paramLabel = "WHICH", description = "first (default): the first --want drafts a reviewer accepts become "
      + "finals. best: about --want x --oversample drafts are scored (by --review vision's judge, or chosen side by side in the gallery's "
      + "pick-the-best view with --review human) and finals are rendered only for the best --want, no two within the duplicate distance.")
  String select;

  @Option(names = "--oversample", paramLabel = "K", description = "With --select best: drafts per keeper in the first wave, 1 to 50 "
      + "(default: 3, as the article's 300 drafts for 100 keepers). More are drafted if too few pass the screen and the judge.")
  Double oversample;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "winnow-out", description = "Where images go: DIR/BATCH/{drafts,renders,finals} and manifest.jsonl (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--store", paramLabel = "LOCATION", description = "Where images go: a folder (as --out) or s3://BUCKET/PREFIX, an S3 bucket "
      + "(endpoint from AWS_ENDPOINT_URL for S3-compatible servers, region and credentials from the standard AWS settings). "
      + "Default: $WINNOW_STORE, else --out. A batch already in the ledger stays where it began.")
  String store;

  @Mixin LedgerOption ledgerOption;

  @Mixin BackendOptions backendOptions;

  @Option(names = "--auto-tier", description = "Render prompts whose acceptance measured in past batches is surely past break-even directly on the final model (no drafts).")
  boolean autoTier;

  @Mixin ReviewOptions reviewOptions;

  @Option(names = "--detach", description = "Submit the batch to the ledger and return at once: `winnow worker` processes on the same --db"
      + " (a shared PostgreSQL ledger, or this machine's SQLite file) run it. Prints the batch id on stdout.")
  boolean detach;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout (progress still goes to stderr).")
  boolean json;

  @Override
  public Integer call() {
    if (route != null && !route.equals("auto") && !route.equals("fixed")) {
      throw new WinnowException("--route must be fixed or auto (got " + route + ")", WinnowException.USAGE);
    }
    if (expectAcceptance != null && !(expectAcceptance > 0 && expectAcceptance <= 1)) {
      throw new WinnowException("--expect-acceptance must be above 0 and at most 1 (got " + expectAcceptance + ")", WinnowException.USAGE);
    }
    Job job = job();
    if (reviewOptions.mixed && job.selection().best()) {
      throw new WinnowException("--select best ranks drafts by one reviewer's scores: use --review vision without --mixed, or --review human", WinnowException.USAGE);
    }
    Graceful.onStop(Thread.currentThread());
    String location = storeLocation();
    if (!Stores.isS3(location)) Folders.writable(Path.of(location), store != null ? "--store" : "--out");
    PriceTable prices = PriceTable.load(backendOptions.prices);
    PrintWriter stdout = spec.commandLine().getOut();
    boolean tty = System.console() != null && !json;
    TerminalProgress progress = new TerminalProgress(System.err, tty);
    try (Stores stores = Stores.fromEnvironment();
        Ledger ledger = ledgerOption.open();
        ImageModel model = BackendChoice.open(backendOptions.backend, Optional.ofNullable(backendOptions.apiBase), System.getenv())) {
      // Checked before anything is paid for, so a wrong bucket or key stops the run with nothing half-written.
      Store images = stores.open(ledger.batch(job.batchId()).map(Batch::outDir).orElse(location));
      images.check(true);
      job = tiered(job, ledger, prices);
      if ("auto".equals(route)) job = Routing.route(job, ledger, prices, expectAcceptance, Deadline.parse(deadline), System.err);
      System.err.println("winnow: backend " + model.backend() + (model.bills()
          ? " (real calls, billed by Google)"
          : " (offline procedural images; nothing is billed, costs are simulated at list prices)"));
      System.err.println("winnow: batch " + job.batchId() + ": " + job.wantTotal() + " keepers from " + job.prompts().size()
          + " prompt(s); drafts on " + job.draftModel() + " " + job.draftSize() + lane(job.draftLane()) + ", finals on " + job.finalModel()
          + " " + job.finalSize() + lane(job.finalLane()) + ", review " + job.review().label());
      if (!model.bills() && (job.draftLane() != Lane.STANDARD || job.finalLane() != Lane.STANDARD)) {
        System.err.println("winnow: lanes are simulated on the local backend: priced as the lane, answered at once, never dropped");
      }
      Deprecations.warn(job, System.err);
      if (detach) return submit(ledger, model, job, prices, images, stdout);
      Optional<VisionModel> vision =
          job.review() == ReviewMode.VISION ? BackendChoice.openJudge(model, Optional.ofNullable(backendOptions.apiBase), System.getenv()) : Optional.empty();
      Rubric rubric = jobFile == null ? Rubric.standard() : JobFile.rubric(jobFile).orElse(Rubric.standard());
      try (VisionModel judgeModel = vision.orElse(null);
          Reviewers reviewers = Reviewers.open(job.review(), job, ledger, reviewOptions,
              new Reviewers.Judging(vision, rubric), progress, prices, stores, System.err)) {
        BatchOutcome outcome = pipeline(ledger, model, job, reviewers, prices, backendOptions.rpm).run(job, images);
        Summary summary = Summaries.of(ledger, outcome.batchId(), prices);
        List<PlanComparison.Row> plans = PlanComparison.rows(summary, job, prices);
        if (json) {
          SummaryPrinter.json(summary, stdout, plans, job.prompts());
        } else {
          SummaryPrinter.text(summary, stdout);
          SummaryPrinter.skippedChecks(job.prompts(), stdout);
          PlanComparison.print(plans, summary, stdout);
        }
        reviewers.keepOpen(reviewOptions, System.err);
        return exitCode(outcome);
      }
    }
  }

  /** --detach: the batch goes into the ledger as running; the workers on it do the rest. */
  private int submit(Ledger ledger, ImageModel model, Job job, PriceTable prices, Store images, PrintWriter stdout) {
    Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, null, null, null, prices, null, null, null, Clock.systemUTC(), Main.version()));
    Optional<BatchOutcome> done = p.submit(job, images);
    if (done.isPresent()) {
      System.err.println("winnow: batch " + job.batchId() + " is already done; nothing submitted");
    } else {
      System.err.println("winnow: submitted batch " + job.batchId() + " to " + ledger.describe() + "; workers on this ledger run it"
          + " (winnow worker --db ...), `winnow report " + job.batchId() + "` shows where it stands");
    }
    stdout.println(job.batchId());
    stdout.flush();
    return ExitCodes.OK;
  }

  /** Says which prompts are past break-even; with --auto-tier, renders the surely-past ones directly. */
  private Job tiered(Job job, Ledger ledger, PriceTable prices) {
    Map<String, Acceptance> history = new HashMap<>();
    for (Ledger.PromptRecord r : ledger.acceptanceByPrompt()) history.put(r.prompt(), new Acceptance(r.decided(), r.accepted()));
    List<TierAdvice> advice = TierAdvice.of(job.prompts().stream().map(PromptTarget::prompt).toList(), history,
        prices.price(job.draftModel(), job.draftSize()), prices.price(job.finalModel(), job.finalSize()));
    Set<Integer> direct = new TreeSet<>();
    for (TierAdvice a : advice) {
      String action = !a.renderDirectly() ? "" : autoTier ? "; rendering it directly (--auto-tier)" : "; --auto-tier would render it directly";
      System.err.println("winnow: " + a.describe() + action);
      if (autoTier && a.renderDirectly()) direct.add(a.promptIndex());
    }
    return direct.isEmpty() ? job : job.withDirect(direct);
  }

  /** The pipeline a command runs a batch with: the screen's defaults, the job's planner, standard retries. */
  static Pipeline pipeline(Ledger ledger, ImageModel model, Job job, Reviewers reviewers, PriceTable prices, int rpm) {
    return new Pipeline(
        new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()), reviewers.reviewer(), Planners.forJob(job), prices,
            RetryPolicy.standard(new Random()), Quota.shared(ledger, rpm, Clock.systemUTC()), reviewers.progress(), Clock.systemUTC(), Main.version()));
  }

  private static String lane(Lane lane) {
    return lane == Lane.STANDARD ? "" : " on the " + lane.label() + " lane";
  }

  private Job job() {
    JobInput flags =
        new JobInput(prompts.stream().map(p -> new JobInput.PromptInput(p, null)).toList(), want, wantEach, draftModel, finalModel,
            aspect, size, review, promotion, seed, concurrency, maxDrafts, budget, driftThreshold, maxRerenders, draftLane, finalLane, flexPatience, batchPoll, thinking,
            null, skipChecks, select, oversample, JobInput.Source.FLAGS);
    JobInput merged = jobFile == null ? flags : JobFile.read(jobFile).overriddenBy(flags);
    return JobValidator.validate(merged);
  }

  /** --store, else --out when given, else $WINNOW_STORE, else --out's default. */
  private String storeLocation() {
    boolean outGiven = spec.commandLine().getParseResult().hasMatchedOption("--out");
    if (store != null && outGiven) throw new WinnowException("give --store or --out, not both (--store " + store + ", --out " + out + ")", WinnowException.USAGE);
    if (store != null && store.isBlank()) throw new WinnowException("--store must not be empty", WinnowException.USAGE);
    if (store != null) return store;
    String fromEnv = System.getenv("WINNOW_STORE");
    return outGiven || fromEnv == null || fromEnv.isBlank() ? out.toString() : fromEnv;
  }

  static int exitCode(BatchOutcome o) {
    if (o.status() == BatchStatus.DONE) return ExitCodes.OK;
    if (o.status() == BatchStatus.BUDGET) return ExitCodes.BUDGET_REACHED;
    if (o.status() == BatchStatus.RUNNING) return ExitCodes.INTERRUPTED;
    return ExitCodes.FAILURE;
  }
}
