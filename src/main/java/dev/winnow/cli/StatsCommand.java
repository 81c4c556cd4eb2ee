package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.winnow.cost.Acceptance;
import dev.winnow.ledger.Ledger;
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
    mixinStandardHelpOptions = true,
    description = {
      "Acceptance per prompt across every batch in the ledger, with a 95% confidence interval (Wilson).",
      "Use it to size the next batch: a prompt accepted at 30% needs about 3.3 drafts per keeper.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class StatsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin LedgerOption ledgerOption;

  @Option(names = "--json", description = "One JSON array of {prompt, batches, decided, accepted, acceptance, low, high}.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Ledger.PromptRecord> rows;
    try (Ledger ledger = ledgerOption.open()) {
      rows = ledger.acceptanceByPrompt();
    }
    if (json) {
      ArrayNode array = new ObjectMapper().createArrayNode();
      for (Ledger.PromptRecord r : rows) {
        Acceptance a = new Acceptance(r.decided(), r.accepted());
        double[] ci = a.interval95();
        array.addObject().put("prompt", r.prompt()).put("batches", r.batches()).put("decided", r.decided())
            .put("accepted", r.accepted()).put("acceptance", a.rate()).put("low", ci[0]).put("high", ci[1]);
      }
      out.println(array);
      return ExitCodes.OK;
    }
    if (rows.isEmpty()) {
      out.println("no batches in " + ledgerOption.db + " yet");
      return ExitCodes.OK;
    }
    out.printf("%-40s %7s %7s %8s %10s  %s%n", "prompt", "batches", "decided", "accepted", "acceptance", "95% interval");
    for (Ledger.PromptRecord r : rows) {
      Acceptance a = new Acceptance(r.decided(), r.accepted());
      double[] ci = a.interval95();
      String prompt = r.prompt().length() > 40 ? r.prompt().substring(0, 37) + "..." : r.prompt();
      out.printf("%-40s %7d %7d %8d %9.0f%%  %.0f%%..%.0f%%%n", prompt, r.batches(), r.decided(), r.accepted(), 100 * a.rate(), 100 * ci[0], 100 * ci[1]);
    }
    return ExitCodes.OK;
  }
}
