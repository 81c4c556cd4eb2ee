package dev.winnow.cli;

import dev.winnow.cost.PriceTable;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.Summaries;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow report BATCH}: a batch's funnel and cost, read back from the ledger. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "The funnel and cost of a batch, from the ledger alone: spend by stage, the all-standard baseline for the same",
      "keepers at the measured acceptance, and the saving net of review and failures. Without BATCH, lists batches.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "BATCH", description = "A batch id as `run` printed it (a unique prefix is enough).")
  String batch;

  @Mixin LedgerOption ledgerOption;

  @Option(names = "--prices", paramLabel = "FILE", description = "Price file laid over the built-in table (for the baseline).")
  java.nio.file.Path prices;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PriceTable table = PriceTable.load(prices);
    var out = spec.commandLine().getOut();
    try (Ledger ledger = ledgerOption.open()) {
      List<Batch> batches = ledger.batches();
      if (batch == null) {
        if (batches.isEmpty()) out.println("no batches in " + ledgerOption.db + " yet");
        for (Batch b : batches) out.printf("%-48s %-8s %-7s want %d  %s%n", b.id(), b.status().name().toLowerCase(), b.backend(), b.want(), b.createdAt());
        return ExitCodes.OK;
      }
      Batch b = Batches.find(batches, batch, ledgerOption.db.toString());
      var summary = Summaries.of(ledger, b.id(), table);
      if (json) SummaryPrinter.json(summary, out);
      else SummaryPrinter.text(summary, out);
      return ExitCodes.OK;
    }
  }
}
