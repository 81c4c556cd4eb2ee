package dev.winnow.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger a test runs on: SQLite by default; PostgreSQL when the build runs the suite again with {@code
 * -Dwinnow.test.ledger=postgresql} (the pom's second surefire execution). A test names its ledger by a file path as
 * before; on PostgreSQL each distinct path is a database of its own, so two opens of one path share it.
 */
public final class TestLedgers {
  private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

  private TestLedgers() {}

  public static boolean onPostgres() {
    return "postgresql".equals(System.getProperty("winnow.test.ledger"));
  }

  /** What to pass as {@code --db} for the ledger the test calls {@code file}. */
  public static String target(Path file) {
    if (!onPostgres()) return file.toString();
    return DATABASES.computeIfAbsent(file.toAbsolutePath(), f -> PostgresServer.shared().createDatabase());
  }

  public static Ledger open(Path file) {
    return Ledger.open(target(file));
  }

  /** Runs one statement on the test's ledger behind the ledger's back (to make rows as an older winnow wrote them). */
  public static int execute(Path file, String sql) throws java.sql.SQLException {
    LedgerLocation where = LedgerLocation.parse(target(file));
    try (java.sql.Connection c = where instanceof LedgerLocation.Postgres pg
            ? java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())
            : java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  public static Ledger open(Path file, Clock clock) {
    return Ledger.open(LedgerLocation.parse(target(file)), clock);
  }
}
