package dev.winnow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger on a real PostgreSQL server: the same schema as on SQLite, claims and budget reservations that hold
 * when several workers (each its own connection pool) race for them, and one clear line for a server that is not
 * there, a wrong password or a database that does not exist.
 */
class PostgresLedgerTest {
  private static final Instructions IN =
      new Instructions("a lake", 7, new AspectRatio(16, 9), ImageSize.K1, ImageSize.K2, "draft-m", "final-m");
  @TempDir Path dir;

  @BeforeAll
  static void needsPostgres() {
    assumeTrue(PostgresServer.binaries().isPresent() || TestLedgers.onPostgres(), "PostgreSQL is not installed (apt-get install -y postgresql-15)");
  }

  @Test
  void bothDatabasesMigrateToTheSameTablesAndColumns() throws Exception {
    assertThat(migrationNames("sqlite")).isEqualTo(migrationNames("postgresql")).isNotEmpty();
    Path sqlite = dir.resolve("s.db");
    String pg = PostgresServer.shared().createDatabase();
    try (Ledger a = Ledger.open(sqlite); Ledger b = Ledger.open(pg)) {
      assertThat(b.isShared()).isTrue();
      assertThat(a.isShared()).isFalse();
    }
    Map<String, Set<String>> onSqlite;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite)) {
      onSqlite = columns(c);
    }
    LedgerLocation.Postgres where = (LedgerLocation.Postgres) LedgerLocation.parse(pg);
    try (Connection c = DriverManager.getConnection(where.jdbcUrl(), where.user(), where.password())) {
      assertThat(columns(c)).isEqualTo(onSqlite);
    }
    assertThat(onSqlite).containsKeys("batches", "candidates", "calls", "reservations", "quotas", "workers", "batch_jobs");
  }

  @Test
  void workersRacingForClaimsNeverTakeTheSameCandidate() throws Exception {
    String url = PostgresServer.shared().createDatabase();
    int total = 120;
    try (Ledger setup = Ledger.open(url)) {
      setup.createBatch("b", "local", "{}", 10, "out");
      for (int i = 0; i < total; i++) setup.plan("b", 0, i, IN);
    }
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    race(4, 3, (ledger, worker) -> {
      while (true) {
        List<Claims.Claimed> got = ledger.claims().claim("b", CandidateState.PLANNED, worker, 1_000, 60_000, 4, c -> free());
        if (got.isEmpty()) return;
        got.forEach(c -> claimed.add(c.candidate().id()));
      }
    }, url);
    assertThat(claimed).hasSize(total).doesNotHaveDuplicates();
  }

  @Test
  void theBudgetCapHoldsWhenWorkersReserveAtOnce() throws Exception {
    String url = PostgresServer.shared().createDatabase();
    long cap = 1_000_000;
    long price = 30_000;
    try (Ledger setup = Ledger.open(url)) {
      setup.createBatch("b", "local", "{}", 10, "out", cap);
      for (int i = 0; i < 100; i++) setup.plan("b", 0, i, IN);
    }
    List<Long> reservations = Collections.synchronizedList(new ArrayList<>());
    race(3, 4, (ledger, worker) -> {
      for (int i = 0; i < 20; i++) {
        ledger.claims().claim("b", CandidateState.PLANNED, worker, 1_000, 60_000, 2, c -> paid(price)).forEach(c -> reservations.add(c.reservation()));
        ledger.claims().reserve("b", null, worker, 60_000, paid(price)).ifPresent(reservations::add);
      }
    }, url);
    try (Ledger ledger = Ledger.open(url)) {
      assertThat(ledger.claims().reservedMicros("b")).isLessThanOrEqualTo(cap);
      assertThat(reservations).hasSize((int) (cap / price)).doesNotHaveDuplicates();
      assertThat(ledger.claims().budgetRoom("b")).isEqualTo(cap - (cap / price) * price);
    }
  }

  @Test
  void lostReservationsAreCountedOnceWhenTwoWorkersReclaimTogether() throws Exception {
    String url = PostgresServer.shared().createDatabase();
    try (Ledger setup = Ledger.open(url)) {
      setup.createBatch("b", "local", "{}", 10, "out", 10_000_000L);
      for (int i = 0; i < 40; i++) setup.plan("b", 0, i, IN);
      setup.claims().claim("b", CandidateState.PLANNED, "dead-worker", 1_000, 2_000, 40, c -> paid(1_000));
    }
    race(2, 3, (ledger, worker) -> ledger.claims().reclaim("b", Set.of(), 5_000), url);
    try (Ledger ledger = Ledger.open(url)) {
      assertThat(ledger.calls("b")).hasSize(40).allMatch(c -> c.outcome().equals(Claims.LOST));
      assertThat(ledger.spentMicros("b")).isEqualTo(40_000);
      assertThat(ledger.claims().reservationCount("b")).isZero();
    }
  }

  @Test
  void aServerThatIsNotThereIsOneLine() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> Ledger.open("postgresql://winnow:secret-pw@127.0.0.1:" + closed + "/w"))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("cannot reach the ledger postgresql://winnow@127.0.0.1:" + closed + "/w")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-pw").doesNotContain("\n"));
  }

  @Test
  void aWrongPasswordOrAMissingDatabaseSaysWhichWithoutThePassword() {
    PostgresServer server = PostgresServer.shared();
    String db = server.createDatabase();
    String name = db.substring(db.lastIndexOf('/') + 1);
    assertThatThrownBy(() -> Ledger.open(server.url(name, "not-the-password")))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("refused user winnow")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));
    assertThatThrownBy(() -> Ledger.open(server.url("no_such_db", PostgresServer.PASSWORD)))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("database no_such_db does not exist")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PostgresServer.PASSWORD));
  }

  @Test
  void urlsAreReadAsLibpqWritesThem() {
    LedgerLocation.Postgres p = (LedgerLocation.Postgres) LedgerLocation.parse("postgresql://ann:p%40ss@db.example:6543/winnow?sslmode=require");
    assertThat(p.user()).isEqualTo("ann");
    assertThat(p.password()).isEqualTo("p@ss");
    assertThat(p.port()).isEqualTo(6543);
    assertThat(p.params()).containsEntry("sslmode", "require");
    assertThat(p.display()).isEqualTo("postgresql://ann@db.example:6543/winnow");
    assertThat(p.toString()).doesNotContain("p@ss");
    assertThat(LedgerLocation.parse("out/w.db")).isInstanceOf(LedgerLocation.SqliteFile.class);
    assertThatThrownBy(() -> LedgerLocation.parse("mysql://x@y/z")).hasMessageContaining("unknown scheme");
    assertThatThrownBy(() -> LedgerLocation.parse("postgresql://ann:pw@db.example:5432/")).hasMessageContaining("names no database")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":pw@"));
  }

  private interface WorkerBody {
    void run(Ledger ledger, String worker) throws Exception;
  }

  /** {@code processes} ledgers (each its own pool, as separate processes would have), {@code threads} each, started together. */
  private static void race(int processes, int threads, WorkerBody body, String url) throws Exception {
    List<Ledger> ledgers = new ArrayList<>();
    for (int p = 0; p < processes; p++) ledgers.add(Ledger.open(LedgerLocation.parse(url), Clock.systemUTC()));
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    try {
      for (int p = 0; p < processes; p++) {
        for (int t = 0; t < threads; t++) {
          Ledger ledger = ledgers.get(p);
          String worker = "w" + p + "-" + t;
          Thread thread = new Thread(() -> {
            try {
              go.await();
              body.run(ledger, worker);
            } catch (Throwable e) {
              failures.add(e);
            }
          });
          all.add(thread);
          thread.start();
        }
      }
      go.countDown();
      for (Thread t : all) t.join();
    } finally {
      ledgers.forEach(Ledger::close);
    }
    assertThat(failures).isEmpty();
  }

  private static Claims.Hold free() {
    return new Claims.Hold("draft", "draft", "draft-m", "1K", 0);
  }

  private static Claims.Hold paid(long micros) {
    return new Claims.Hold("draft", "draft", "draft-m", "1K", micros);
  }

  private static Set<String> migrationNames(String dialect) throws IOException, URISyntaxException {
    URL url = PostgresLedgerTest.class.getClassLoader().getResource("db/migration/" + dialect);
    assertThat(url).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Map<String, Set<String>> columns(Connection c) throws SQLException {
    Map<String, Set<String>> out = new TreeMap<>();
    DatabaseMetaData meta = c.getMetaData();
    try (ResultSet r = meta.getColumns(null, null, "%", "%")) {
      while (r.next()) {
        String table = r.getString("TABLE_NAME").toLowerCase();
        String schema = r.getString("TABLE_SCHEM");
        if (schema != null && !schema.equals("public")) continue;
        if (table.startsWith("flyway") || table.startsWith("sqlite_") || table.startsWith("pg_")) continue;
        out.computeIfAbsent(table, k -> new TreeSet<>()).add(r.getString("COLUMN_NAME").toLowerCase());
      }
    }
    return out;
  }
}
