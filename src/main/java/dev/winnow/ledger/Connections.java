package dev.winnow.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The ledger's connections: a HikariCP pool over SQLite (one connection: SQLite has one writer anyway) or over
 * PostgreSQL (a few: the pool replaces a connection the server dropped). Opening checks the database answers, so a
 * wrong URL, password or database fails here, in one line, before any batch starts.
 */
final class Connections implements AutoCloseable {
  final Dialect dialect;
  final String display;
  private final HikariDataSource pool;
  private final LedgerLocation location;

  private Connections(Dialect dialect, String display, HikariDataSource pool, LedgerLocation location) {
    this.dialect = dialect;
    this.display = display;
    this.pool = pool;
    this.location = location;
  }

  static Connections open(LedgerLocation location) {
    if (location instanceof LedgerLocation.Postgres pg) return postgres(pg);
    return sqlite(((LedgerLocation.SqliteFile) location).file(), location);
  }

  private static Connections sqlite(Path file, LedgerLocation location) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new LedgerException("cannot create ledger " + file + ": folder " + parent + " does not exist");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new LedgerException("ledger " + file + " is not writable");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(30_000);
    // Every write transaction takes the write lock when it begins: a claim that reads then writes cannot be
    // overtaken by another process between the two (a deferred one would fail with SQLITE_BUSY instead of waiting).
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(source);
    hikari.setPoolName("winnow-ledger");
    hikari.setMaximumPoolSize(1);
    hikari.setConnectionTimeout(60_000);
    return new Connections(Dialect.SQLITE, file.toString(), start(hikari, location), location);
  }

  private static Connections postgres(LedgerLocation.Postgres pg) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(pg.jdbcUrl());
    hikari.setUsername(pg.user());
    if (pg.password() != null) hikari.setPassword(pg.password());
    hikari.addDataSourceProperty("ApplicationName", "winnow");
    // A host that does not answer fails in seconds, not the driver's default of ten.
    hikari.addDataSourceProperty("connectTimeout", "5");
    pg.params().forEach(hikari::addDataSourceProperty);
    hikari.setPoolName("winnow-ledger");
    hikari.setMaximumPoolSize(4);
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(15_000);
    return new Connections(Dialect.POSTGRESQL, pg.display(), start(hikari, pg), pg);
  }

  private static HikariDataSource start(HikariConfig config, LedgerLocation location) {
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new LedgerException(cannotOpen(location, e), e);
    } catch (RuntimeException e) {
      throw new LedgerException("cannot open ledger " + location.display() + ": " + firstLine(e), e);
    }
  }

  /** One line that says what to fix: the server, the password, the database. Never the password itself. */
  private static String cannotOpen(LedgerLocation location, HikariPool.PoolInitializationException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String state = cause instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
    String where = location.display();
    if (location instanceof LedgerLocation.Postgres pg) {
      if (state.startsWith("08")) return "cannot reach the ledger " + where + ": " + unreachable(cause) + " (is PostgreSQL running and listening on " + pg.host() + ":" + pg.port() + "?)";
      if (state.equals("28P01") || state.equals("28000")) return "the ledger " + where + " refused user " + pg.user() + ": wrong password or not allowed (check --db / WINNOW_DB and PGPASSWORD)";
      if (state.equals("3D000")) return "the ledger " + where + ": database " + pg.database() + " does not exist (create it with createdb)";
    }
    return "cannot open ledger " + where + ": " + firstLine(cause);
  }

  /** Why a server could not be reached, in a few words: the driver's first sentence, or the host it could not find. */
  private static String unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException) return "unknown host " + t.getMessage();
    }
    String line = firstLine(e);
    int stop = line.indexOf(". ");
    return stop > 0 ? line.substring(0, stop + 1) : line;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse("").strip();
  }

  DataSource dataSource() {
    return pool;
  }

  Connection get() throws SQLException {
    return pool.getConnection();
  }

  /**
   * A connection of its own, outside the pool, for a session that lasts (PostgreSQL's LISTEN): the pool's
   * connections go back after every statement.
   */
  Connection dedicated() throws SQLException {
    if (!(location instanceof LedgerLocation.Postgres pg)) throw new SQLException("a dedicated connection is for PostgreSQL only");
    Properties props = new Properties();
    props.setProperty("user", pg.user());
    if (pg.password() != null) props.setProperty("password", pg.password());
    props.setProperty("ApplicationName", "winnow-listen");
    props.setProperty("connectTimeout", "5");
    pg.params().forEach(props::setProperty);
    return DriverManager.getConnection(pg.jdbcUrl(), props);
  }

  @Override
  public void close() {
    pool.close();
  }
}
