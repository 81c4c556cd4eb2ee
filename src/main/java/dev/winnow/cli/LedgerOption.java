package dev.winnow.cli;

import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerLocation;
import picocli.CommandLine.Option;

/** The --db option every command that reads or writes the ledger shares. */
final class LedgerOption {
  @Option(names = "--db", paramLabel = "FILE|URL", defaultValue = "${env:WINNOW_DB:-winnow.db}",
      description = "The ledger: a SQLite file (default: winnow.db, created if missing) or a shared PostgreSQL database,"
          + " postgresql://user[:password]@host[:port]/db (password also from PGPASSWORD). Also set by WINNOW_DB.")
  String db;

  Ledger open() {
    return Ledger.open(db);
  }

  /** The ledger as messages name it: never with its password. */
  String describe() {
    return LedgerLocation.parse(db).display();
  }
}
