package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.cost.PriceTable;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.PlanComparison;
import dev.winnow.pipeline.Summaries;
import dev.winnow.store.Stores;
import dev.winnow.web.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    header = "The funnel, spend and saving of a batch, from the ledger alone.",
    mixinStandardHelpOptions = true,
    description = {
      "The funnel and cost of a batch, from the ledger alone: spend by stage, the all-standard baseline for the same",
      "keepers at the measured acceptance, and the saving net of review and failures. Without BATCH, lists batches.",
      "With --html FILE, also one self-contained page with every draft's thumbnail, fate and reasons.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "BATCH", description = "A batch id as `run` printed it (a unique prefix is enough).")
  String batch;

  @Mixin LedgerOption ledgerOption;

  @Option(names = "--prices", paramLabel = "FILE", description = "Price file laid over the built-in table (for the baseline).")
  Path prices;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write one self-contained HTML page: contact sheet of every draft with its fate, the funnel, spend by stage against the all-standard baseline, acceptance per prompt.")
  Path html;

  private void writeHtml(String page) {
    try {
      Path parent = html.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".winnow-report", ".tmp");
      Files.writeString(tmp, page, StandardCharsets.UTF_8);
      Files.move(tmp, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new WinnowException("--html " + html + ": cannot write it: " + e.getMessage(), WinnowException.FAILURE, e);
    }
    System.err.printf("winnow: wrote %s (%d KB)%n", html, page.length() / 1024);
  }

  /** The plans the batch did not take, at its measured acceptance; none for a batch whose stored job cannot be read back. */
  private static List<PlanComparison.Row> plans(dev.winnow.pipeline.Summary summary, Batch b, PriceTable table) {
    try {
      return PlanComparison.rows(summary, dev.winnow.job.StoredJob.parse(b.id(), b.jobJson()), table);
    } catch (RuntimeException e) {
      return List.of(); // written by an older winnow: the rest of the report stands
    }
  }

  @Override
  public Integer call() {
    PriceTable table = PriceTable.load(prices);
    var out = spec.commandLine().getOut();
    try (Ledger ledger = ledgerOption.open();
        Stores stores = Stores.fromEnvironment()) {
      List<Batch> batches = ledger.batches();
      if (batch == null) {
        if (batches.isEmpty()) out.println("no batches in " + ledgerOption.describe() + " yet");
        for (Batch b : batches) out.printf("%-48s %-8s %-7s want %d  %s%n", b.id(), b.status().name().toLowerCase(), b.backend(), b.want(), b.createdAt());
        return ExitCodes.OK;
      }
      Batch b = Batches.find(batches, batch, ledgerOption.describe());
      var summary = Summaries.of(ledger, b.id(), table);
      List<PlanComparison.Row> plans = plans(summary, b, table);
      if (json) {
        SummaryPrinter.json(summary, out, plans);
      } else {
        SummaryPrinter.text(summary, out);
        PlanComparison.print(plans, summary, out);
      }
      if (html != null) {
        stores.open(b.outDir()).check(false); // the page embeds the drafts: say once if their store cannot be read
        writeHtml(Report.html(ledger, b.id(), table, Report.Images.EMBEDDED, stores));
      }
      return ExitCodes.OK;
    }
  }
}
