package dev.winnow.ledger;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The ledger's front door. One SQLite connection, every method synchronized, so each state change and each call is
 * one transaction in a total order. SQLite runs in WAL mode with {@code synchronous=FULL}: a commit that returned is
 * on disk, which is what lets a killed batch resume without paying twice.
 */
public final class Ledger implements AutoCloseable {
  private final Connection db;
  private final Clock clock;
  private final Path file;

  private Ledger(Connection db, Clock clock, Path file) {
    this.db = db;
    this.clock = clock;
    this.file = file;
  }

  /** Opens (creating if needed) and migrates the ledger at {@code file}. */
  public static Ledger open(Path file) {
    return open(file, Clock.systemUTC());
  }

  public static Ledger open(Path file, Clock clock) {
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
    config.setBusyTimeout(10_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    migrate(source, file);
    try {
      Connection c = source.getConnection();
      return new Ledger(c, clock, file);
    } catch (SQLException e) {
      throw new LedgerException("cannot open ledger " + file + ": " + e.getMessage(), e);
    }
  }

  private static void migrate(SQLiteDataSource source, Path file) {
    Flyway flyway = Flyway.configure().dataSource(source).locations("classpath:db/migration").load();
    try {
      MigrationInfo current = flyway.info().current();
      boolean fromTheFuture =
          Arrays.stream(flyway.info().all())
              .anyMatch(i -> i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED);
      if (fromTheFuture) {
        throw new LedgerException("ledger " + file + " was written by a newer winnow (schema " + current.getVersion() + "); use that version or another --db");
      }
      MigrateResult result = flyway.migrate();
      if (!result.success) throw new LedgerException("cannot migrate ledger " + file);
    } catch (LedgerException e) {
      throw e;
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new LedgerException("cannot open ledger " + file + " (is it a winnow ledger?): " + m, e);
    }
  }

  public Path file() {
    return file;
  }

  // ---- batches

  public synchronized void createBatch(String id, String backend, String jobJson, int want, String outDir) {
    update(
        "INSERT INTO batches(id, created_at, backend, job_json, want, out_dir, status) VALUES (?,?,?,?,?,?,?)",
        id, now(), backend, jobJson, want, outDir, BatchStatus.RUNNING.name());
  }

  public synchronized Optional<Batch> batch(String id) {
    return query("SELECT * FROM batches WHERE id = ?", Ledger::batchRow, id).stream().findFirst();
  }

  public synchronized List<Batch> batches() {
    return query("SELECT * FROM batches ORDER BY created_at", Ledger::batchRow);
  }

  public synchronized void finishBatch(String id, BatchStatus status, String note) {
    update("UPDATE batches SET status = ?, finished_at = ?, note = ? WHERE id = ?", status.name(), now(), note, id);
  }

  public synchronized void reopenBatch(String id, String backend) {
    update("UPDATE batches SET status = ?, finished_at = NULL, note = NULL, backend = ? WHERE id = ?", BatchStatus.RUNNING.name(), backend, id);
  }

  // ---- candidates

  /** Records a candidate's instructions in state PLANNED, before any call is made for it. Returns its id. */
  public synchronized long plan(String batchId, int promptIndex, int ordinal, Instructions in) {
    String at = now();
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO candidates(batch_id, prompt_index, ordinal, prompt, seed, aspect, draft_size, final_size,"
                + " draft_model, final_model, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      bind(ps, batchId, promptIndex, ordinal, in.prompt(), in.seed(), in.aspect().toString(), in.draftSize().label(),
          in.finalSize().label(), in.draftModel(), in.finalModel(), CandidateState.PLANNED.name(), at, at);
      ps.executeUpdate();
      long id;
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
      update("INSERT INTO transitions(candidate_id, from_state, to_state, at) VALUES (?,?,?,?)", id, null, CandidateState.PLANNED.name(), at);
      return id;
    } catch (SQLException e) {
      throw failure("record a candidate", e);
    }
  }

  /**
   * The one way a candidate's state changes: checks the move is legal and that the candidate is still in {@code from},
   * writes the new state, the {@code change} and a transition row in one transaction.
   */
  public synchronized void transition(long candidateId, CandidateState from, CandidateState to, Change change) {
    transition(candidateId, from, to, change, null);
  }

  /**
   * A transition that also records the paid call that caused it, in the same transaction: after a crash the ledger
   * has both or neither, never a paid image without its candidate's new state.
   */
  public synchronized void transition(long candidateId, CandidateState from, CandidateState to, Change change, CallRecord call) {
    if (!from.canMoveTo(to)) throw new IllegalTransitionException(candidateId, from, to, null);
    String at = now();
    inTransaction(() -> {
      if (call != null) insertCall(call);
      Change.Metrics m = change.metrics();
      int rows =
          update(
              "UPDATE candidates SET state = ?, updated_at = ?,"
                  + " reasons = COALESCE(?, reasons), draft_file = COALESCE(?, draft_file), draft_mime = COALESCE(?, draft_mime),"
                  + " width = COALESCE(?, width), height = COALESCE(?, height), brightness = COALESCE(?, brightness),"
                  + " contrast = COALESCE(?, contrast), sharpness = COALESCE(?, sharpness), phash = COALESCE(?, phash),"
                  + " fingerprint = COALESCE(?, fingerprint),"
                  + " duplicate_of = COALESCE(?, duplicate_of), render_file = COALESCE(?, render_file),"
                  + " final_file = COALESCE(?, final_file), drift = COALESCE(?, drift)"
                  + " WHERE id = ? AND state = ?",
              to.name(), at,
              change.reasons() == null ? null : String.join(",", change.reasons()),
              change.draftFile(), change.draftMime(),
              m == null ? null : m.width(), m == null ? null : m.height(), m == null ? null : m.brightness(),
              m == null ? null : m.contrast(), m == null ? null : m.sharpness(), m == null ? null : m.phash(), m == null ? null : m.fingerprint(),
              change.duplicateOf(), change.renderFile(), change.finalFile(), change.drift(),
              candidateId, from.name());
      if (rows != 1) {
        String actual = query("SELECT state FROM candidates WHERE id = ?", r -> r.getString(1), candidateId).stream().findFirst().orElse("missing");
        throw new IllegalTransitionException(candidateId, from, to, actual);
      }
      update("INSERT INTO transitions(candidate_id, from_state, to_state, at, note) VALUES (?,?,?,?,?)",
          candidateId, from.name(), to.name(), at, change.note());
    });
  }

  public synchronized Optional<Candidate> findCandidate(long id) {
    return query("SELECT * FROM candidates WHERE id = ?", Ledger::candidateRow, id).stream().findFirst();
  }

  public synchronized Candidate candidate(long id) {
    return query("SELECT * FROM candidates WHERE id = ?", Ledger::candidateRow, id).stream()
        .findFirst().orElseThrow(() -> new LedgerException("no candidate " + id + " in " + file));
  }

  /** The delivered candidate whose final file has this name, in any batch. */
  public synchronized Optional<Candidate> candidateByFinalName(String fileName) {
    return query("SELECT * FROM candidates WHERE final_file = ? OR final_file LIKE ?", Ledger::candidateRow, "finals/" + fileName, "%/" + fileName)
        .stream().findFirst();
  }

  /** Every candidate of a batch, by prompt then draft order. */
  public synchronized List<Candidate> candidates(String batchId) {
    return query("SELECT * FROM candidates WHERE batch_id = ? ORDER BY prompt_index, ordinal", Ledger::candidateRow, batchId);
  }

  /** Each state change of a candidate, oldest first, as "FROM>TO". */
  public synchronized List<String> history(long candidateId) {
    return query("SELECT from_state, to_state FROM transitions WHERE candidate_id = ? ORDER BY id",
        r -> r.getString(1) + ">" + r.getString(2), candidateId);
  }

  // ---- calls

  public synchronized void recordCall(CallRecord c) {
    insertCall(c);
  }

  private void insertCall(CallRecord c) {
    update(
        "INSERT INTO calls(batch_id, candidate_id, tier, purpose, model, size, attempt, outcome, http_status,"
            + " price_micros, cost_micros, tokens, latency_ms, started_at, message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        c.batchId(), c.candidateId(), c.tier(), c.purpose(), c.model(), c.size(), c.attempt(), c.outcome(),
        c.httpStatus(), c.priceMicros(), c.costMicros(), c.tokens(), c.latencyMs(), c.startedAt().toString(), c.message());
  }

  /**
   * A kept image of an earlier batch, as the screen remembers it: its key, its perceptual hash and its fingerprint in
   * stored form (null for rows from before fingerprints were kept).
   */
  public record KeptHash(String batchId, long candidateId, long phash, byte[] fingerprint) {
    /** How a later batch's verdict names it: {@code BATCH/cID}. */
    public String key() {
      return batchId + "/c" + candidateId;
    }
  }

  /**
   * The hashes of every draft accepted in any batch but {@code exceptBatch} (accepted, rendered or delivered), so a
   * new batch does not pay to finalise a near-duplicate of something kept before.
   */
  public synchronized List<KeptHash> keptHashes(String exceptBatch) {
    return query("SELECT batch_id, id, phash, fingerprint FROM candidates WHERE batch_id <> ? AND phash IS NOT NULL"
            + " AND state IN ('ACCEPTED', 'RENDERED', 'DELIVERED') ORDER BY id",
        r -> new KeptHash(r.getString(1), r.getLong(2), r.getLong(3), r.getBytes(4)), exceptBatch);
  }

  public synchronized List<CallRecord> calls(String batchId) {
    return query("SELECT * FROM calls WHERE batch_id = ? ORDER BY id", Ledger::callRow, batchId);
  }

  /** What a batch has cost so far, in micro-dollars (for a resumed batch's budget). */
  public synchronized long spentMicros(String batchId) {
    return query("SELECT COALESCE(SUM(cost_micros), 0) FROM calls WHERE batch_id = ?", r -> r.getLong(1), batchId).get(0);
  }

  /** One prompt's record across every batch in this ledger. */
  public record PromptRecord(String prompt, int batches, int decided, int accepted) {}

  /**
   * Acceptance per prompt over all batches: drafts whose fate was decided and how many were accepted, both as
   * {@link Funnel} counts them (a final that later failed still counts: the draft was good enough).
   */
  public synchronized List<PromptRecord> acceptanceByPrompt() {
    return query(
        "SELECT prompt, COUNT(DISTINCT batch_id), SUM(CASE WHEN " + Funnel.DECIDED_SQL + " THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN " + Funnel.ACCEPTED_SQL + " THEN 1 ELSE 0 END) FROM candidates GROUP BY prompt ORDER BY prompt",
        r -> new PromptRecord(r.getString(1), r.getInt(2), r.getInt(3), r.getInt(4)));
  }

  /** What became of a batch's candidates, counted in one query; all zeros for a batch with none. */
  public synchronized Funnel funnel(String batchId) {
    return Funnel.of(query(
        "SELECT state, reasons, " + Funnel.ACCEPTED_SQL + ", COUNT(*) FROM candidates WHERE batch_id = ? GROUP BY state, reasons",
        r -> tally(r, 1), batchId));
  }

  /** The funnel of each prompt of a batch, in the order the job lists them, counted in one query. */
  public synchronized Map<String, Funnel> funnelsByPrompt(String batchId) {
    // Groups come by their lowest prompt index, so each prompt first appears at its own lowest: the job's order.
    List<Map.Entry<String, Funnel.Tally>> rows = query(
        "SELECT prompt, state, reasons, " + Funnel.ACCEPTED_SQL + ", COUNT(*) FROM candidates WHERE batch_id = ?"
            + " GROUP BY prompt, state, reasons ORDER BY MIN(prompt_index), prompt",
        r -> Map.entry(r.getString(1), tally(r, 2)), batchId);
    Map<String, List<Funnel.Tally>> byPrompt = new LinkedHashMap<>();
    for (Map.Entry<String, Funnel.Tally> row : rows) byPrompt.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
    Map<String, Funnel> out = new LinkedHashMap<>();
    byPrompt.forEach((prompt, tallies) -> out.put(prompt, Funnel.of(tallies)));
    return Collections.unmodifiableMap(out);
  }

  /** A funnel query's row from column {@code first}: state, reasons, accepted (0 or 1), count. */
  private static Funnel.Tally tally(ResultSet r, int first) throws SQLException {
    return new Funnel.Tally(CandidateState.valueOf(r.getString(first)), reasons(r.getString(first + 1)), r.getInt(first + 2) == 1, r.getInt(first + 3));
  }

  /** Draft-to-final drift of delivered images for one promotion route, over every batch. */
  public record RouteDrift(String route, int finals, double meanBits, int maxBits) {}

  /** Which promotion route keeps the accepted look: drift of delivered finals grouped by route. */
  public synchronized List<RouteDrift> driftByRoute() {
    return query(
        "SELECT COALESCE(json_extract(b.job_json, '$.promotion'), 'seed'), COUNT(*), AVG(c.drift), MAX(c.drift)"
            + " FROM candidates c JOIN batches b ON b.id = c.batch_id WHERE c.state = 'DELIVERED' AND c.drift >= 0"
            + " GROUP BY 1 ORDER BY 1",
        r -> new RouteDrift(r.getString(1), r.getInt(2), r.getDouble(3), r.getInt(4)));
  }

  // ---- reviews

  public synchronized void recordReview(long candidateId, String verdict, Integer rating, String reviewer) {
    update("INSERT INTO reviews(candidate_id, verdict, rating, reviewer, at) VALUES (?,?,?,?,?)", candidateId, verdict, rating, reviewer, now());
  }

  /** Every review row of a batch's candidates, in the order they were written. */
  public synchronized List<Review> reviews(String batchId) {
    return query(
        "SELECT r.* FROM reviews r JOIN candidates c ON c.id = r.candidate_id WHERE c.batch_id = ? ORDER BY r.id",
        r -> new Review(r.getLong("id"), r.getLong("candidate_id"), r.getString("verdict"), integer(r, "rating"),
            r.getString("reviewer"), Instant.parse(r.getString("at"))),
        batchId);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  // ---- plumbing

  private interface Row<T> {
    T read(ResultSet r) throws SQLException;
  }

  private interface Work {
    void run() throws SQLException;
  }

  private void inTransaction(Work work) {
    try {
      db.setAutoCommit(false);
      try {
        work.run();
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet r = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (r.next()) out.add(row.read(r));
        return out;
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) ps.setNull(i + 1, Types.NULL);
      else if (a instanceof Integer n) ps.setInt(i + 1, n);
      else if (a instanceof Long n) ps.setLong(i + 1, n);
      else if (a instanceof Double d) ps.setDouble(i + 1, d);
      else if (a instanceof byte[] bytes) ps.setBytes(i + 1, bytes);
      else ps.setString(i + 1, a.toString());
    }
  }

  private LedgerException failure(String what, SQLException e) {
    return new LedgerException("ledger " + file + ": cannot " + what + ": " + e.getMessage(), e);
  }

  private String now() {
    return Instant.now(clock).toString();
  }

  private static Batch batchRow(ResultSet r) throws SQLException {
    String finished = r.getString("finished_at");
    return new Batch(
        r.getString("id"), Instant.parse(r.getString("created_at")), r.getString("backend"), r.getString("job_json"),
        r.getInt("want"), r.getString("out_dir"), BatchStatus.valueOf(r.getString("status")),
        finished == null ? null : Instant.parse(finished), r.getString("note"));
  }

  private static Candidate candidateRow(ResultSet r) throws SQLException {
    Instructions in =
        new Instructions(
            r.getString("prompt"), r.getLong("seed"), AspectRatio.parse(r.getString("aspect")).orElseThrow(),
            ImageSize.parse(r.getString("draft_size")).orElseThrow(), ImageSize.parse(r.getString("final_size")).orElseThrow(),
            r.getString("draft_model"), r.getString("final_model"));
    return new Candidate(
        r.getLong("id"), r.getString("batch_id"), r.getInt("prompt_index"), r.getInt("ordinal"), in,
        CandidateState.valueOf(r.getString("state")),
        reasons(r.getString("reasons")),
        r.getString("draft_file"), r.getString("draft_mime"), integer(r, "width"), integer(r, "height"),
        real(r, "brightness"), real(r, "contrast"), real(r, "sharpness"), longer(r, "phash"), r.getBytes("fingerprint"),
        r.getString("duplicate_of"), r.getString("render_file"), r.getString("final_file"), integer(r, "drift"));
  }

  /** The reasons column: codes joined by commas, or null. */
  private static List<String> reasons(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
  }

  private static CallRecord callRow(ResultSet r) throws SQLException {
    return new CallRecord(
        r.getString("batch_id"), longer(r, "candidate_id"), r.getString("tier"), r.getString("purpose"),
        r.getString("model"), r.getString("size"), r.getInt("attempt"), r.getString("outcome"), integer(r, "http_status"),
        r.getLong("price_micros"), r.getLong("cost_micros"), r.getLong("tokens"), r.getLong("latency_ms"),
        Instant.parse(r.getString("started_at")), r.getString("message"));
  }

  private static Integer integer(ResultSet r, String col) throws SQLException {
    int v = r.getInt(col);
    return r.wasNull() ? null : v;
  }

  private static Long longer(ResultSet r, String col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  private static Double real(ResultSet r, String col) throws SQLException {
    double v = r.getDouble(col);
    return r.wasNull() ? null : v;
  }
}
