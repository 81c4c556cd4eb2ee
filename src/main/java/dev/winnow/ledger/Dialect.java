package dev.winnow.ledger;

/**
 * The few places where SQLite and PostgreSQL need different words; every other query is the same text on both.
 * SQLite serialises writers (each write transaction takes the database's one write lock when it begins), so it needs
 * no row locks; PostgreSQL runs writers side by side, so a claim skips rows another worker holds and anything that
 * spends a batch's budget first locks that batch's row.
 */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  /** Appended to a claim's SELECT: rows another transaction holds are skipped, the ones returned are held. */
  String skipLocked() {
    return switch (this) {
      case SQLITE -> "";
      case POSTGRESQL -> " FOR UPDATE SKIP LOCKED";
    };
  }

  /** Appended to a SELECT whose rows the transaction will change based on what it read. */
  String forUpdate() {
    return switch (this) {
      case SQLITE -> "";
      case POSTGRESQL -> " FOR UPDATE";
    };
  }

  /** A string field of a JSON text column. */
  String jsonField(String column, String field) {
    return switch (this) {
      case SQLITE -> "json_extract(" + column + ", '$." + field + "')";
      case POSTGRESQL -> "(CAST(" + column + " AS json) ->> '" + field + "')";
    };
  }

  /** Where Flyway finds this dialect's migrations (one version list, checked alike by LedgerSchemaTest). */
  String migrations() {
    return switch (this) {
      case SQLITE -> "classpath:db/migration/sqlite";
      case POSTGRESQL -> "classpath:db/migration/postgresql";
    };
  }
}
