package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.TokenRates;
import dev.winnow.cost.Usd;
import dev.winnow.generate.VisionModel;
import dev.winnow.job.Job;
import dev.winnow.job.ReviewMode;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.AutoReviewer;
import dev.winnow.review.HumanReviewer;
import dev.winnow.review.JudgeCalibration;
import dev.winnow.review.LocalStandInJudge;
import dev.winnow.review.ModelJudge;
import dev.winnow.review.Reviewer;
import dev.winnow.review.Rubric;
import dev.winnow.review.VisionJudge;
import dev.winnow.review.VisionReviewer;
import dev.winnow.store.Stores;
import dev.winnow.web.LiveStatus;
import dev.winnow.web.WebApp;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The reviewer a batch runs with and, when a person takes part, the gallery they review in. Closing it stops the
 * gallery; every pick is in the ledger by then.
 */
final class Reviewers implements AutoCloseable {
  private final Reviewer reviewer;
  private final ProgressListener progress;
  private final HumanReviewer person;
  private final WebApp web;

  private Reviewers(Reviewer reviewer, ProgressListener progress, HumanReviewer person, WebApp web) {
    this.reviewer = reviewer;
    this.progress = progress;
    this.person = person;
    this.web = web;
  }

  /**
   * What a vision review judges with: a vision model when the run has one (the gemini backend), else the local
   * stand-in; the judge model's id, the rubric and the requests per minute allowed.
   */
  record Judging(Optional<VisionModel> model, Rubric rubric) {
    static Judging none() {
      return new Judging(Optional.empty(), Rubric.standard());
    }
  }

  /** @param stores the command's own, which the gallery reads the batch's images through (one S3 client, not two) */
  static Reviewers open(ReviewMode mode, Job job, Ledger ledger, ReviewOptions o, Judging judging, ProgressListener terminal, PriceTable prices,
      Stores stores, PrintStream err) {
    validate(mode, o);
    return switch (mode) {
      case AUTO -> new Reviewers(new AutoReviewer(), terminal, null, null);
      case HUMAN -> withPerson(null, judging.rubric(), 0, job, ledger, o, terminal, prices, stores, err);
      case VISION -> {
        VisionJudge judge = judge(judging, o, prices, err);
        int threads = judging.model().isPresent() ? JUDGE_THREADS : 2;
        if (!o.mixed) yield new Reviewers(VisionReviewer.alone(judge, judging.rubric(), threads, ledger), terminal, null, null);
        yield withPerson(judge, judging.rubric(), threads, job, ledger, o, terminal, prices, stores, err);
      }
    };
  }

  /** Judgements take seconds each; this many in flight keeps up with drafting at the default concurrency. */
  private static final int JUDGE_THREADS = 8;

  private static VisionJudge judge(Judging judging, ReviewOptions o, PriceTable prices, PrintStream err) {
    if (judging.model().isEmpty()) {
      err.println("winnow: vision review uses the local stand-in judge (image statistics, not a vision model): offline, no judge is billed; with a Gemini key the judge is " + o.judgeModel);
      return new LocalStandInJudge();
    }
    TokenRates rates = prices.judgeRates(o.judgeModel).orElseThrow(() -> new WinnowException(
        "--judge-model " + o.judgeModel + " has no price in the table: add judges." + o.judgeModel + ".{input_per_million, output_per_million} to a --prices file", WinnowException.USAGE));
    ModelJudge judge = new ModelJudge(judging.model().get(), o.judgeModel, rates);
    err.println("winnow: vision review by " + o.judgeModel + " (billed per token, at most " + Usd.format(judge.maxCostMicros()) + " per draft; counted as review spend)");
    return judge;
  }

  private static Reviewers withPerson(VisionJudge judge, Rubric rubric, int threads, Job job, Ledger ledger, ReviewOptions o, ProgressListener terminal, PriceTable prices,
      Stores stores, PrintStream err) {
    String batchId = job.batchId();
    // Choosing the best of a wave means seeing all of it: the buffer holds the largest prompt's wave.
    int buffer = o.buffer;
    if (job.selection().best()) for (var p : job.prompts()) buffer = Math.max(buffer, job.selection().wave(p.want()));
    HumanReviewer person =
        new HumanReviewer(ledger, batchId, new HumanReviewer.Settings(buffer, Duration.ofMillis(Math.round(o.undoWindow * 1000))), Clock.systemUTC());
    Reviewer reviewer = person;
    if (judge != null) {
      JudgeCalibration calibration = JudgeCalibration.from(ledger, "vision:" + judge.name());
      err.println("winnow: " + calibration.describeUse(o.minConfidence));
      reviewer = VisionReviewer.mixed(judge, rubric, threads, person, o.minConfidence, ledger, calibration);
    }
    LiveStatus live = new LiveStatus(terminal);
    WebApp web;
    try {
      web = WebApp.start(new WebApp.Settings(o.host, o.port, WebApp.newToken()), ledger, batchId, person, live, prices, stores);
    } catch (RuntimeException e) {
      person.close();
      throw new WinnowException("cannot start the review gallery on " + o.host + ":" + o.port + ": " + e.getMessage(), WinnowException.FAILURE, e);
    }
    if (!WebApp.isLoopback(o.host)) {
      err.println("winnow: warning: --host " + o.host + " exposes the gallery beyond this machine; anyone with the link below can review this batch");
    }
    if (job.selection().best() && judge == null) {
      err.println("winnow: choose the best of each wave in your browser: " + web.url("/best"));
    } else {
      err.println("winnow: review in your browser: " + web.url());
    }
    return new Reviewers(reviewer, live, person, web);
  }

  private static void validate(ReviewMode mode, ReviewOptions o) {
    if (o.buffer < 1) throw new WinnowException("--buffer must be at least 1 (got " + o.buffer + ")", WinnowException.USAGE);
    if (!(o.undoWindow >= 0 && o.undoWindow <= 600)) throw new WinnowException("--undo-window must be between 0 and 600 seconds (got " + o.undoWindow + ")", WinnowException.USAGE);
    if (!(o.minConfidence >= 0 && o.minConfidence <= 1)) throw new WinnowException("--min-confidence must be between 0 and 1 (got " + o.minConfidence + ")", WinnowException.USAGE);
    if (o.port < 0 || o.port > 65_535) throw new WinnowException("--port must be between 0 and 65535 (got " + o.port + ")", WinnowException.USAGE);
    if (o.mixed && mode != ReviewMode.VISION) throw new WinnowException("--mixed only applies to --review vision (got --review " + mode.label() + ")", WinnowException.USAGE);
  }

  Reviewer reviewer() {
    return reviewer;
  }

  /** The terminal display, plus the gallery's live header when there is a gallery. */
  ProgressListener progress() {
    return progress;
  }

  /** With --keep-open and a gallery: serves until the process is interrupted. */
  void keepOpen(ReviewOptions o, PrintStream err) {
    if (!o.keepOpen || web == null) return;
    err.println("winnow: the gallery stays open at " + web.url() + " (Ctrl-C to close)");
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (web != null) web.close();
    reviewer.close();
    if (person != null && person != reviewer) person.close();
  }
}
