package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.Acceptance;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.JudgeAgreement;
import dev.winnow.review.JudgePair;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow stats}: acceptance per prompt across every batch in the ledger. */
@Command(
    name = "stats",
    header = "Acceptance per prompt across every batch, with 95%% confidence intervals.",
    mixinStandardHelpOptions = true,
    description = {
      "Acceptance per prompt across every batch in the ledger, with a 95%% confidence interval (Wilson).",
      "Use it to size the next batch: a prompt accepted at 30%% needs about 3.3 drafts per keeper.",
      "With a vision judge and people deciding the same drafts, how often they agreed (accuracy, Cohen's kappa) and",
      "what --min-confidence means once the judge is calibrated on those pairs.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class StatsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin LedgerOption ledgerOption;

  @Option(names = "--json", description = "One JSON object: prompts [{prompt, batches, decided, accepted, acceptance, low, high}], drift_by_route and judges"
          + " [{judge, pairs, accuracy, kappa, criteria [...], calibrated, min_pairs, thresholds {target: raw confidence}}].")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Ledger.PromptRecord> rows;
    List<Ledger.RouteDrift> drift;
    List<JudgeAgreement> judges;
    try (Ledger ledger = ledgerOption.open()) {
      rows = ledger.acceptanceByPrompt();
      drift = ledger.driftByRoute();
      judges = JudgeAgreement.of(JudgePair.all(ledger));
    }
    if (json) {
      ArrayNode array = new ObjectMapper().createArrayNode();
      for (Ledger.PromptRecord r : rows) {
        Acceptance a = new Acceptance(r.decided(), r.accepted());
        double[] ci = a.interval95();
        array.addObject().put("prompt", r.prompt()).put("batches", r.batches()).put("decided", r.decided())
            .put("accepted", r.accepted()).put("acceptance", a.rate()).put("low", ci[0]).put("high", ci[1]);
      }
      ObjectNode all = new ObjectMapper().createObjectNode();
      all.set("prompts", array);
      ArrayNode routes = all.putArray("drift_by_route");
      for (Ledger.RouteDrift d : drift) {
        routes.addObject().put("route", d.route()).put("finals", d.finals()).put("mean_bits", d.meanBits()).put("max_bits", d.maxBits());
      }
      JudgeStats.json(judges, all.putArray("judges"));
      out.println(all);
      return ExitCodes.OK;
    }
    if (rows.isEmpty()) {
      out.println("no batches in " + ledgerOption.describe() + " yet");
      return ExitCodes.OK;
    }
    out.printf("%-40s %7s %7s %8s %10s  %s%n", "prompt", "batches", "decided", "accepted", "acceptance", "95% interval");
    for (Ledger.PromptRecord r : rows) {
      Acceptance a = new Acceptance(r.decided(), r.accepted());
      double[] ci = a.interval95();
      String prompt = r.prompt().length() > 40 ? r.prompt().substring(0, 37) + "..." : r.prompt();
      out.printf("%-40s %7d %7d %8d %9.0f%%  %.0f%%..%.0f%%%n", prompt, r.batches(), r.decided(), r.accepted(), 100 * a.rate(), 100 * ci[0], 100 * ci[1]);
    }
    if (!drift.isEmpty()) {
      out.println();
      out.println("draft-to-final drift by promotion route (perceptual-hash bits of 64; lower keeps the accepted look)");
      for (Ledger.RouteDrift d : drift) out.printf("  %-10s %5d finals  mean %.1f  max %d%n", d.route(), d.finals(), d.meanBits(), d.maxBits());
    }
    JudgeStats.text(judges, out);
    return ExitCodes.OK;
  }
}
