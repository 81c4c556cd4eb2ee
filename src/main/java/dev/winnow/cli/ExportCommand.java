package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.ImageStore;
import dev.winnow.store.Store;
import dev.winnow.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow export BATCH DIR}: a batch's delivered finals and manifest, out of its store into a local folder. */
@Command(
    name = "export",
    header = "Copy a batch's delivered finals and its manifest into a local folder.",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the finals a batch delivered (PNGs with their embedded metadata, byte for byte) and its manifest.jsonl out of",
      "the batch's store, a folder or an S3 bucket, into DIR. Prints each file written.",
      "",
      "Example: winnow export 3f9c2a delivered/",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class ExportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BATCH", description = "A batch id as `run` printed it (a unique prefix is enough).")
  String batch;

  @Parameters(index = "1", paramLabel = "DIR", description = "The folder to copy into (created if missing; files of the same name are replaced).")
  Path dir;

  @Mixin LedgerOption ledgerOption;

  @Override
  public Integer call() {
    try (Ledger ledger = ledgerOption.open();
        Stores stores = Stores.fromEnvironment()) {
      Batch b = Batches.find(ledger.batches(), batch, ledgerOption.describe());
      List<String> finals = ledger.candidates(b.id()).stream()
          .filter(c -> c.state() == CandidateState.DELIVERED && c.finalFile() != null)
          .map(Candidate::finalFile)
          .toList();
      Store store = stores.open(b.outDir());
      store.check(false);
      makeFolder();
      List<Path> written = ImageStore.of(store, b.id()).copyOut(finals, dir);
      written.forEach(spec.commandLine().getOut()::println);
      System.err.println("winnow: exported " + finals.size() + " final(s)" + (written.size() > finals.size() ? " and the manifest" : "")
          + " of batch " + b.id() + " from " + store.location() + " to " + dir);
      return ExitCodes.OK;
    }
  }

  private void makeFolder() {
    // A file of that name is the likeliest slip ("export BATCH out.png"): said as such, before the generic check.
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw new WinnowException("DIR " + dir + " is not a folder: a file is in the way", WinnowException.USAGE);
    Folders.writable(dir, "DIR");
  }
}
