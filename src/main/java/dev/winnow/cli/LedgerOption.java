package dev.winnow.cli;

import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --db option every command that reads or writes the ledger shares. */
final class LedgerOption {
  @Option(names = "--db", paramLabel = "FILE", defaultValue = "winnow.db", description = "The SQLite ledger (default: ${DEFAULT-VALUE}). Created if missing.")
  Path db;

  Ledger open() {
    return Ledger.open(db);
  }
}
