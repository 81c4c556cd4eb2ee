package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.WinnowException;
import dev.winnow.cost.Acceptance;
import dev.winnow.cost.Estimate;
import dev.winnow.cost.Plan;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Router;
import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerLocation;
import dev.winnow.spec.ImageSize;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow estimate}: what a batch will cost, two-tier against all-standard, before anything is paid. */
@Command(
    name = "estimate",
    header = "What a batch costs two-tier against all-standard, before any call is made.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the cost of a batch made two-tier (drafts on the cheap model, finals for keepers only) against making every",
      "candidate on the standard model, the break-even acceptance, and a recommendation. Nothing is called.",
      "",
      "The article's example: winnow estimate --want 100 --drafts 300 --price-ratio 0.25",
      "Today's prices:       winnow estimate --want 100 --acceptance 0.35 --size 1K",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class EstimateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-n", "--want"}, required = true, paramLabel = "N", description = "Keepers wanted.")
  int want;

  @Option(names = "--drafts", paramLabel = "N", description = "Drafts made for them (the article: 300 for 100).")
  Integer drafts;

  @Option(names = "--oversample", paramLabel = "X", description = "Drafts per keeper (drafts = want x X).")
  Double oversample;

  @Option(names = "--acceptance", paramLabel = "P", description = "Expected share of drafts accepted, 0..1 (drafts = want / P).")
  Double acceptance;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "Use this prompt's acceptance measured in the ledger (see 'winnow stats').")
  String prompt;

  @Option(names = "--price-ratio", paramLabel = "R", description = "Draft price / final price (the article: 0.25). Without it, prices come from the table.")
  Double priceRatio;

  @Option(names = "--draft-model", paramLabel = "MODEL", defaultValue = JobValidator.DEFAULT_DRAFT_MODEL, description = "Draft model for prices (default: ${DEFAULT-VALUE}).")
  String draftModel;

  @Option(names = "--final-model", paramLabel = "MODEL", defaultValue = JobValidator.DEFAULT_FINAL_MODEL, description = "Final model for prices (default: ${DEFAULT-VALUE}).")
  String finalModel;

  @Option(names = "--size", paramLabel = "SIZE", defaultValue = JobValidator.DEFAULT_SIZE, description = "Final size: 512, 1K, 2K, 4K (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--review-cost", paramLabel = "USD", description = "Review cost per candidate (a vision judge's call), in US dollars.")
  BigDecimal reviewCost;

  @Option(names = "--prices", paramLabel = "FILE", description = "Price file laid over the built-in dated table.")
  Path prices;

  @Option(names = "--db", paramLabel = "FILE|URL", defaultValue = "${env:WINNOW_DB:-winnow.db}",
      description = "Ledger for --prompt: a SQLite file (default: winnow.db) or a postgresql:// URL; also WINNOW_DB.")
  String db;

  @Option(names = "--deadline", paramLabel = "TIME", description = "When the batch must be done, e.g. 30m, 6h, 2d: plans whose lanes take longer "
      + "(a Batch job targets 24 h, a Flex call up to 15 min) are left out. Default: no deadline.")
  String deadline;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  /** The plans the router weighed, cheapest first (empty with --price-ratio: no prices to weigh). */
  private List<Router.Costed> plans = List.of();

  /** The price table, read once (null with --price-ratio). */
  private PriceTable table;

  @Override
  public Integer call() {
    if (want < 1) throw usage("--want must be at least 1 (got " + want + ")");
    String acceptanceSource = null;
    int given = (drafts != null ? 1 : 0) + (oversample != null ? 1 : 0) + (acceptance != null ? 1 : 0) + (prompt != null ? 1 : 0);
    if (given != 1) throw usage("give exactly one of --drafts, --oversample, --acceptance or --prompt (got " + given + ")");
    int n;
    if (drafts != null) {
      n = drafts;
      if (n < want) throw usage("--drafts must be at least --want " + want + " (got " + n + ")");
    } else if (oversample != null) {
      if (oversample < 1) throw usage("--oversample must be at least 1 (got " + oversample + ")");
      n = (int) Math.ceil(want * oversample - 1e-9);
    } else {
      double p = acceptance != null ? acceptance : measured();
      if (!(p > 0 && p <= 1)) throw usage("--acceptance must be above 0 and at most 1 (got " + p + ")");
      if (acceptance == null) acceptanceSource = "measured";
      n = Estimate.draftsFor(want, p);
    }
    Optional<BigDecimal> finalPrice = Optional.empty();
    double ratio;
    BigDecimal draftPrice = null;
    if (priceRatio != null) {
      if (!(priceRatio > 0)) throw usage("--price-ratio must be above 0 (got " + priceRatio + ")");
      ratio = priceRatio;
    } else {
      table = PriceTable.load(prices);
      ImageSize finalSize = ImageSize.parse(size).orElseThrow(() -> usage("--size: '" + size + "' is not allowed (use " + ImageSize.allowed() + ")"));
      String d = ModelCatalog.canonical(draftModel), f = ModelCatalog.canonical(finalModel);
      ImageSize draftSize = ModelCatalog.fit(d, finalSize.ordinal() < ImageSize.K1.ordinal() ? finalSize : ImageSize.K1);
      draftPrice = table.price(d, draftSize).orElseThrow(() -> usage("no price for " + d + " at " + draftSize + " in the price table; give --price-ratio or --prices"));
      BigDecimal fp = table.price(f, finalSize).orElseThrow(() -> usage("no price for " + f + " at " + finalSize + " in the price table; give --price-ratio or --prices"));
      finalPrice = Optional.of(fp);
      ratio = draftPrice.divide(fp, 10, RoundingMode.HALF_UP).doubleValue();
    }
    double reviewRatio = 0;
    if (reviewCost != null) {
      if (reviewCost.signum() < 0) throw usage("--review-cost must be 0 or more (got " + reviewCost + ")");
      if (finalPrice.isEmpty()) throw usage("--review-cost needs dollar prices: drop --price-ratio so the table's prices are used");
      reviewRatio = reviewCost.divide(finalPrice.get(), 10, RoundingMode.HALF_UP).doubleValue();
    }
    Estimate e = new Estimate(want, n, ratio, reviewRatio, finalPrice);
    if (finalPrice.isPresent()) {
      ImageSize finalSize = ImageSize.parse(size).orElseThrow();
      plans = new Router(table).plans(want, e.acceptance(), draftModel, finalModel, finalSize,
          reviewCost == null ? BigDecimal.ZERO : reviewCost, parseDeadline());
      if (plans.isEmpty()) throw usage("no plan fits --deadline " + deadline + ": even the standard lane is too slow, or nothing is priced");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) json(e, draftPrice, out);
    else table(e, draftPrice, acceptanceSource, out);
    return ExitCodes.OK;
  }

  private Optional<Duration> parseDeadline() {
    return Deadline.parse(deadline);
  }

  private void planTable(PrintWriter out, Estimate e) {
    if (plans.isEmpty()) return;
    BigDecimal baseline = plans.stream().filter(c -> c.plan().label().equals("all standard")).map(Router.Costed::usd).findFirst().orElse(null);
    out.println();
    out.printf("plans for %d keepers at %.1f%% acceptance (%d candidates), cheapest first%s:%n", e.want(), 100 * e.acceptance(), e.drafts(),
        deadline == null ? "" : ", within " + deadline);
    Plan any = plans.stream().map(Router.Costed::plan).filter(Plan::twoTiers).findFirst().orElse(plans.get(0).plan());
    out.printf("  drafts on %s, finals on %s%n", any.draft().map(d -> d.model() + " " + d.size().label()).orElse("-"),
        any.fin().model() + " " + any.fin().size().label());
    out.printf("  %-48s %10s %11s %8s%n", "plan", "USD", "per keeper", "vs std");
    for (int i = 0; i < plans.size(); i++) {
      Router.Costed c = plans.get(i);
      String vs = baseline == null || baseline.signum() == 0 ? "-"
          : String.format("%+.0f%%", 100 * (c.usd().doubleValue() / baseline.doubleValue() - 1));
      out.printf("  %-48s %10s %11s %8s%s%n", c.plan().label(), money(c.usd()), money(c.perKeeperUsd()), vs, i == 0 ? "   <- the router's pick" : "");
    }
    table.origin(any.fin().model()).text().ifPresent(t -> out.printf(
        "  not in these figures: %s bills thinking as text output, $%s per 1M tokens (--thinking)%n",
        any.fin().model(), t.outputPerMillion().stripTrailingZeros().toPlainString()));
  }

  private double measured() {
    LedgerLocation where = LedgerLocation.parse(db);
    if (where instanceof LedgerLocation.SqliteFile f && !Files.exists(f.file())) {
      throw usage("--prompt needs a ledger with past batches; " + db + " does not exist");
    }
    try (Ledger ledger = Ledger.open(where, java.time.Clock.systemUTC())) {
      Ledger.PromptRecord r = ledger.acceptanceByPrompt().stream().filter(p -> p.prompt().equals(prompt.strip())).findFirst()
          .orElseThrow(() -> usage("no batches of prompt '" + prompt + "' in " + db + " (see 'winnow stats')"));
      if (r.decided() == 0) throw usage("prompt '" + prompt + "' has no decided drafts yet in " + where.display());
      return new Acceptance(r.decided(), r.accepted()).rate();
    }
  }

  private void table(Estimate e, BigDecimal draftPrice, String source, PrintWriter out) {
    boolean usd = e.finalPriceUsd().isPresent();
    out.printf("%-13s %15s %12s %21s%s%n", "", "standard calls", "draft calls", "relative cost (std=1)", usd ? "        USD" : "");
    out.printf("%-13s %15d %12d %21s%s%n", "All standard", e.allStandardCalls(), 0, units(e.allStandardUnits()),
        usd ? String.format(" %10s", money(e.allStandardUsd().get())) : "");
    String formula = units(e.want()) + " + " + e.drafts() + "x" + units(e.priceRatio()) + (e.reviewRatio() > 0 ? " + " + e.drafts() + "x" + units(e.reviewRatio()) : "") + " = " + units(e.twoTierUnits());
    out.printf("%-13s %15d %12d %21s%s%n", "Two-tier", e.want(), e.drafts(), units(e.twoTierUnits()),
        usd ? String.format(" %10s", money(e.twoTierUsd().get())) : "");
    out.println();
    out.printf("two-tier: %s standard units; saving %.1f%%%s%n", formula, e.savingPct(), e.savingPct() < 0 ? " (a loss)" : "");
    out.printf("acceptance %.1f%% (%d keepers from %d drafts%s)%n", 100 * e.acceptance(), e.want(), e.drafts(), source == null ? "" : ", " + source + " in the ledger");
    if (usd) {
      out.printf("prices: draft %s, final %s per image (ratio %.2f)%n", money(draftPrice), money(e.finalPriceUsd().get()), e.priceRatio());
    }
    out.printf("break-even acceptance %.1f%%: two tiers pay while acceptance stays below it%n", 100 * e.breakEvenAcceptance());
    out.println(e.recommendation());
    planTable(out, e);
  }

  private void json(Estimate e, BigDecimal draftPrice, PrintWriter out) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("want", e.want());
    o.put("drafts", e.drafts());
    o.put("acceptance", round(e.acceptance(), 4));
    o.put("price_ratio", round(e.priceRatio(), 4));
    if (draftPrice != null) o.put("draft_price_usd", draftPrice);
    e.finalPriceUsd().ifPresent(p -> o.put("final_price_usd", p));
    o.put("all_standard_calls", e.allStandardCalls());
    o.put("two_tier_standard_calls", e.want());
    o.put("two_tier_draft_calls", e.drafts());
    o.put("all_standard_units", round(e.allStandardUnits(), 4));
    o.put("two_tier_units", round(e.twoTierUnits(), 4));
    e.allStandardUsd().ifPresent(v -> o.put("all_standard_usd", v.setScale(4, RoundingMode.HALF_UP)));
    e.twoTierUsd().ifPresent(v -> o.put("two_tier_usd", v.setScale(4, RoundingMode.HALF_UP)));
    o.put("saving_pct", round(e.savingPct(), 1));
    o.put("break_even_acceptance", round(e.breakEvenAcceptance(), 4));
    o.put("recommendation", e.recommendation());
    var array = o.putArray("plans");
    for (int i = 0; i < plans.size(); i++) {
      Router.Costed c = plans.get(i);
      var p = array.addObject().put("label", c.plan().label()).put("plan", c.plan().describe()).put("usd", c.usd())
          .put("per_keeper_usd", c.perKeeperUsd()).put("chosen", i == 0);
      c.plan().draft().ifPresent(d -> p.putObject("draft").put("model", d.model()).put("size", d.size().label()).put("lane", d.lane().label()));
      p.putObject("final").put("model", c.plan().fin().model()).put("size", c.plan().fin().size().label()).put("lane", c.plan().fin().lane().label());
    }
    out.println(o);
  }

  private static String units(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) return String.valueOf((long) Math.rint(v));
    return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  private static String money(BigDecimal v) {
    return "$" + v.setScale(v.scale() > 2 ? Math.min(4, v.scale()) : 2, RoundingMode.HALF_UP).toPlainString();
  }

  /** A plain JSON number: 300 rather than 300.0000, 0.3333 rather than 3.333E-1. */
  private static BigDecimal round(double v, int places) {
    BigDecimal r = BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
    return r.scale() < 0 ? r.setScale(0) : r;
  }

  private static WinnowException usage(String message) {
    return new WinnowException(message, WinnowException.USAGE);
  }
}
