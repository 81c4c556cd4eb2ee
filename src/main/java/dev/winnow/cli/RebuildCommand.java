package dev.winnow.cli;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.BackendChoice;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.Quota;
import dev.winnow.pipeline.Rebuild;
import dev.winnow.store.Stores;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow rebuild ID}: re-render a delivered image from the ledger alone. */
@Command(
    name = "rebuild",
    header = "Render a delivered image again from what the ledger recorded.",
    mixinStandardHelpOptions = true,
    description = {
      "Re-render a delivered image from what the ledger recorded (prompt, seed, aspect, size, promotion route and,",
      "for the reference route, the accepted draft). The new file goes to OUT/BATCH/rebuilds/; the delivered final is",
      "never touched. The call is recorded in the ledger like any other.",
      "",
      "Example: winnow rebuild c12 --model gemini-3-pro-image",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class RebuildCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The candidate (c12 or 12, as in the manifest's 'candidate') or the final's file name.")
  String id;

  @Option(names = "--model", paramLabel = "MODEL", description = "Render on this model instead of the batch's final model.")
  String model;

  @Mixin LedgerOption ledgerOption;

  @Mixin BackendOptions backendOptions;

  @Override
  public Integer call() throws InterruptedException {
    PriceTable prices = PriceTable.load(backendOptions.prices);
    try (Ledger ledger = ledgerOption.open();
        Stores stores = Stores.fromEnvironment();
        ImageModel backend = BackendChoice.open(backendOptions.backend, Optional.ofNullable(backendOptions.apiBase), System.getenv())) {
      Rebuild rebuild = new Rebuild(ledger, backend, prices, RetryPolicy.standard(new Random()), Quota.shared(ledger, backendOptions.rpm, java.time.Clock.systemUTC()), Main.version(), stores);
      Candidate c = rebuild.find(id);
      // The rebuild is written beside the batch's finals: check that store takes writes before paying for the call.
      ledger.batch(c.batchId()).ifPresent(b -> stores.open(b.outDir()).check(true));
      System.err.println("winnow: rebuilding " + c.key() + " (\"" + c.instructions().prompt() + "\", seed " + c.instructions().seed() + ") on backend " + backend.backend());
      Rebuild.Result r = rebuild.rebuild(c, Optional.ofNullable(model).map(ModelCatalog::canonical));
      var out = spec.commandLine().getOut();
      out.println(r.file());
      System.err.printf("winnow: %s on %s; %d bits from the delivered final, %d from the draft%n", r.file().substring(r.file().lastIndexOf('/') + 1), r.model(), r.bitsFromFinal(), r.bitsFromDraft());
      return ExitCodes.OK;
    }
  }
}
