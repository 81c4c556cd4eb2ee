package dev.winnow.ledger;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The ledger's front door, on SQLite (one machine) or PostgreSQL (a team). Every method is synchronized, so a
 * process's state changes and calls go one at a time, each one transaction. SQLite runs in WAL mode with {@code
 * synchronous=FULL}: a commit that returned is on disk, which is what lets a killed batch resume without paying
 * twice. On PostgreSQL several workers write at once: claims skip rows another worker holds, and whatever spends a
 * batch's budget locks the batch's row first, so no two workers reserve the same room and locks are always taken in
 * one order. Its parts share its lock and its transactions: {@link #claims()} (leases and reservations), {@link
 * #workers()} (processes and decider roles), {@link #quota()} (the shared per-model quota), {@link #batchJobs()}.
 */
public final class Ledger implements AutoCloseable {
  private final Connections connections;
  private final Dialect dialect;
  private final Clock clock;
  private final LedgerLocation location;
  /** The connection of the transaction in progress, null outside one (every method is synchronized). */
  private Connection tx;
  private final Claims claims = new Claims(this);
  private final Workers workers = new Workers(this);
  private final QuotaBuckets quota = new QuotaBuckets(this);

  private Ledger(Connections connections, Clock clock, LedgerLocation location) {
    this.connections = connections;
    this.dialect = connections.dialect;
    this.clock = clock;
    this.location = location;
  }

  /** Opens (creating if needed) and migrates the SQLite ledger at {@code file}. */
  public static Ledger open(Path file) {
    return open(file, Clock.systemUTC());
  }

  public static Ledger open(Path file, Clock clock) {
    return open(new LedgerLocation.SqliteFile(file), clock);
  }

  /** Opens the ledger named as {@code --db} names it: a SQLite file, or a {@code postgresql://} URL. */
  public static Ledger open(String location) {
    return open(LedgerLocation.parse(location), Clock.systemUTC());
  }

  /** Opens and migrates a ledger; the database must exist (a SQLite file is created). */
  public static Ledger open(LedgerLocation location, Clock clock) {
    Connections connections = Connections.open(location);
    try {
      migrate(connections, location);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
    return new Ledger(connections, clock, location);
  }

  private static void migrate(Connections connections, LedgerLocation location) {
    String where = location.display();
    Flyway flyway = Flyway.configure().dataSource(connections.dataSource()).locations(connections.dialect.migrations()).load();
    try {
      MigrationInfo current = flyway.info().current();
      boolean fromTheFuture =
          Arrays.stream(flyway.info().all())
              .anyMatch(i -> i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED);
      if (fromTheFuture) {
        throw new LedgerException("ledger " + where + " was written by a newer winnow (schema " + current.getVersion() + "); use that version or another --db");
      }
      MigrateResult result = flyway.migrate();
      if (!result.success) throw new LedgerException("cannot migrate ledger " + where);
    } catch (LedgerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LedgerException("cannot open ledger " + where + " (is it a winnow ledger?): " + Connections.firstLine(e), e);
    }
  }

  /** Where this ledger lives. */
  public LedgerLocation location() {
    return location;
  }

  /** A name for this ledger that is safe to print (a PostgreSQL URL without its password). */
  public String describe() {
    return location.display();
  }

  /** Whether this ledger is shared through a database server (PostgreSQL) rather than a file. */
  public boolean isShared() {
    return dialect == Dialect.POSTGRESQL;
  }

  // ---- batches

  public synchronized void createBatch(String id, String backend, String jobJson, int want, String outDir) {
    createBatch(id, backend, jobJson, want, outDir, null);
  }

  /**
   * Records a new batch, or does nothing when another process created it first (two {@code winnow run} of one job
   * started together); {@code budgetMicros} is its cap, null for none.
   */
  public synchronized void createBatch(String id, String backend, String jobJson, int want, String outDir, Long budgetMicros) {
    update(
        "INSERT INTO batches(id, created_at, backend, job_json, want, out_dir, status, budget_micros) VALUES (?,?,?,?,?,?,?,?)"
            + " ON CONFLICT(id) DO NOTHING",
        id, now(), backend, jobJson, want, outDir, BatchStatus.RUNNING.name(), budgetMicros);
  }

  /** The batch's budget cap in micro-dollars, empty when it has none. */
  public synchronized Optional<Long> budgetMicros(String batchId) {
    return query("SELECT budget_micros FROM batches WHERE id = ?", r -> longer(r, "budget_micros"), batchId).stream()
        .filter(java.util.Objects::nonNull).findFirst();
  }

  public synchronized void setBudget(String batchId, Long budgetMicros) {
    update("UPDATE batches SET budget_micros = ? WHERE id = ?", budgetMicros, batchId);
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

  /**
   * Ends a running batch once: the first process to see it finished writes the status; the others find it written.
   * Returns whether this call wrote it.
   */
  public synchronized boolean finishRunning(String id, BatchStatus status, String note) {
    return update("UPDATE batches SET status = ?, finished_at = ?, note = ? WHERE id = ? AND status = ?",
        status.name(), now(), note, id, BatchStatus.RUNNING.name()) == 1;
  }

  /** The batches with work left, oldest first (what a {@code winnow worker} serves). */
  public synchronized List<Batch> runningBatches() {
    return query("SELECT * FROM batches WHERE status = ? ORDER BY created_at", Ledger::batchRow, BatchStatus.RUNNING.name());
  }

  public synchronized void reopenBatch(String id, String backend) {
    update("UPDATE batches SET status = ?, finished_at = NULL, note = NULL, backend = ? WHERE id = ?", BatchStatus.RUNNING.name(), backend, id);
  }

  // ---- candidates

  /** Records a candidate's instructions in state PLANNED, before any call is made for it. Returns its id. */
  public synchronized long plan(String batchId, int promptIndex, int ordinal, Instructions in) {
    String at = now();
    long[] id = new long[1];
    inTransaction(() -> {
      id[0] = insert(
          "INSERT INTO candidates(batch_id, prompt_index, ordinal, prompt, seed, aspect, draft_size, final_size,"
              + " draft_model, final_model, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
          batchId, promptIndex, ordinal, in.prompt(), in.seed(), in.aspect().toString(), in.draftSize().label(),
          in.finalSize().label(), in.draftModel(), in.finalModel(), CandidateState.PLANNED.name(), at, at);
      update("INSERT INTO transitions(candidate_id, from_state, to_state, at) VALUES (?,?,?,?)", id[0], null, CandidateState.PLANNED.name(), at);
    });
    return id[0];
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
    transition(candidateId, from, to, change, call, null, false);
  }

  /**
   * The transition a stage makes when a paid call ends: the call's record settles its reservation ({@code
   * reservation}, may be null) in the same transaction. The candidate's lease is released unless {@code keepLease}
   * (a final that is rendered and is delivered next by the same worker).
   */
  public synchronized void transition(
      long candidateId, CandidateState from, CandidateState to, Change change, CallRecord call, Long reservation, boolean keepLease) {
    inTransaction(() -> {
      if (reservation != null || (call != null && call.costMicros() != 0)) lockBatch(call != null ? call.batchId() : batchOf(candidateId));
      if (reservation != null) update("DELETE FROM reservations WHERE id = ?", reservation);
      if (!keepLease) update("UPDATE candidates SET lease_owner = NULL, lease_until = NULL WHERE id = ?", candidateId);
      transitionIn(candidateId, from, to, change, call);
    });
  }

  /** The checked state change and its transition row, inside the caller's transaction. */
  void transitionIn(long candidateId, CandidateState from, CandidateState to, Change change, CallRecord call) throws SQLException {
      if (!from.canMoveTo(to)) throw new IllegalTransitionException(candidateId, from, to, null);
      String at = now();
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
                  + " final_file = COALESCE(?, final_file), drift = COALESCE(?, drift), score = COALESCE(?, score)"
                  + " WHERE id = ? AND state = ?",
              to.name(), at,
              change.reasons() == null ? null : String.join(",", change.reasons()),
              change.draftFile(), change.draftMime(),
              m == null ? null : m.width(), m == null ? null : m.height(), m == null ? null : m.brightness(),
              m == null ? null : m.contrast(), m == null ? null : m.sharpness(), m == null ? null : m.phash(), m == null ? null : m.fingerprint(),
              change.duplicateOf(), change.renderFile(), change.finalFile(), change.drift(), change.score(),
              candidateId, from.name());
      if (rows != 1) {
        String actual = query("SELECT state FROM candidates WHERE id = ?", r -> r.getString(1), candidateId).stream().findFirst().orElse("missing");
        throw new IllegalTransitionException(candidateId, from, to, actual);
      }
      update("INSERT INTO transitions(candidate_id, from_state, to_state, at, note) VALUES (?,?,?,?,?)",
          candidateId, from.name(), to.name(), at, change.note());
      announce(candidateId);
  }

  public synchronized Optional<Candidate> findCandidate(long id) {
    return query("SELECT * FROM candidates WHERE id = ?", Ledger::candidateRow, id).stream().findFirst();
  }

  public synchronized Candidate candidate(long id) {
    return query("SELECT * FROM candidates WHERE id = ?", Ledger::candidateRow, id).stream()
        .findFirst().orElseThrow(() -> new LedgerException("no candidate " + id + " in " + describe()));
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
    inTransaction(() -> {
      lockBatch(c.batchId());
      insertCall(c);
    });
  }

  /** Records a paid attempt and settles its reservation (null for none) in one transaction. */
  public synchronized void recordCall(CallRecord c, Long reservation) {
    inTransaction(() -> {
      lockBatch(c.batchId());
      insertCall(c);
      if (reservation != null) update("DELETE FROM reservations WHERE id = ?", reservation);
    });
  }

  void insertCall(CallRecord c) {
    if (c.costMicros() != 0) update("UPDATE batches SET spent_micros = spent_micros + ? WHERE id = ?", c.costMicros(), c.batchId());
    update(
        "INSERT INTO calls(batch_id, candidate_id, tier, purpose, model, size, attempt, outcome, http_status,"
            + " price_micros, cost_micros, tokens, latency_ms, started_at, message, lane) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        c.batchId(), c.candidateId(), c.tier(), c.purpose(), c.model(), c.size(), c.attempt(), c.outcome(),
        c.httpStatus(), c.priceMicros(), c.costMicros(), c.tokens(), c.latencyMs(), c.startedAt().toString(), c.message(), c.lane());
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
    return query("SELECT spent_micros FROM batches WHERE id = ?", r -> r.getLong(1), batchId).stream().findFirst().orElse(0L);
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
        "SELECT state, reasons, CASE WHEN " + Funnel.ACCEPTED_SQL + " THEN 1 ELSE 0 END, COUNT(*) FROM candidates WHERE batch_id = ? GROUP BY state, reasons",
        r -> tally(r, 1), batchId));
  }

  /** The funnel of each prompt of a batch, in the order the job lists them, counted in one query. */
  public synchronized Map<String, Funnel> funnelsByPrompt(String batchId) {
    // Groups come by their lowest prompt index, so each prompt first appears at its own lowest: the job's order.
    List<Map.Entry<String, Funnel.Tally>> rows = query(
        "SELECT prompt, state, reasons, CASE WHEN " + Funnel.ACCEPTED_SQL + " THEN 1 ELSE 0 END, COUNT(*) FROM candidates WHERE batch_id = ?"
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
        "SELECT COALESCE(" + dialect.jsonField("b.job_json", "promotion") + ", 'seed'), COUNT(*), AVG(c.drift), MAX(c.drift)"
            + " FROM candidates c JOIN batches b ON b.id = c.batch_id WHERE c.state = 'DELIVERED' AND c.drift >= 0"
            + " GROUP BY 1 ORDER BY 1",
        r -> new RouteDrift(r.getString(1), r.getInt(2), r.getDouble(3), r.getInt(4)));
  }

  // ---- reviews

  public synchronized void recordReview(long candidateId, String verdict, Integer rating, String reviewer) {
    inTransaction(() -> {
      update("INSERT INTO reviews(candidate_id, verdict, rating, reviewer, at) VALUES (?,?,?,?,?)", candidateId, verdict, rating, reviewer, now());
      announce(candidateId);
    });
  }

  /** The channel on which a PostgreSQL ledger says a batch changed; the payload is the batch id. */
  static final String CHANNEL = "winnow_batch_changed";

  /**
   * Tells every listener that the candidate's batch changed (PostgreSQL's NOTIFY, sent when the transaction commits,
   * so a listener never reads the ledger before the change is in it). SQLite has no such thing: pages poll.
   */
  private void announce(long candidateId) {
    if (dialect != Dialect.POSTGRESQL) return;
    query("SELECT pg_notify('" + CHANNEL + "', batch_id) FROM candidates WHERE id = ?", r -> 0, candidateId);
  }

  /**
   * Calls {@code onChange} with a batch's id whenever a process on this ledger changes one of its candidates or
   * records a review: PostgreSQL's LISTEN on a connection of its own. Empty on SQLite, whose readers poll.
   */
  public Optional<AutoCloseable> listen(java.util.function.Consumer<String> onChange) {
    if (dialect != Dialect.POSTGRESQL) return Optional.empty();
    return Optional.of(ChangeListener.start(connections, CHANNEL, onChange));
  }

  /**
   * Records a verdict the pipeline applies, unless the pick in force in the log is already this one by this
   * reviewer: a person's pick is written the moment it is made (so a kill cannot lose it), and applying it later
   * must not write it twice.
   */
  public synchronized void recordVerdict(long candidateId, String verdict, Integer rating, String reviewer) {
    inTransaction(() -> {
      List<String[]> latest = query(
          "SELECT verdict, reviewer FROM reviews WHERE candidate_id = ? AND verdict <> 'rate' ORDER BY id DESC LIMIT 1",
          r -> new String[] {r.getString(1), r.getString(2)}, candidateId);
      boolean logged = !latest.isEmpty() && latest.get(0)[0].equals(verdict) && java.util.Objects.equals(latest.get(0)[1], reviewer);
      if (!logged) recordReview(candidateId, verdict, rating, reviewer);
    });
  }

  /** How many calls a candidate has had for {@code purpose}, whatever their outcome. */
  public synchronized int callCount(long candidateId, String purpose) {
    return query("SELECT COUNT(*) FROM calls WHERE candidate_id = ? AND purpose = ?", r -> r.getInt(1), candidateId, purpose).get(0);
  }

  /** The batch's Batch API jobs: intents, names, polls and the candidates each holds. */
  /** Leases, reservations under the budget cap, and taking back what stopped workers held. */
  public Claims claims() {
    return claims;
  }

  /** The processes taking part in this ledger's batches, their heartbeats and the batches' decider roles. */
  public Workers workers() {
    return workers;
  }

  /** The per-model request quotas every process on this ledger shares. */
  public QuotaBuckets quota() {
    return quota;
  }

  public BatchJobs batchJobs() {
    return new BatchJobs(this);
  }

  /**
   * Every review row of the candidates, in any batch, whose log has a row starting with {@code prefix} (a judge's
   * {@code judged} rows), in the order they were written: one query however many batches the ledger holds.
   */
  public synchronized List<Review> reviewsOfCandidatesWith(String prefix) {
    return query(
        "SELECT r.* FROM reviews r WHERE r.candidate_id IN (SELECT candidate_id FROM reviews WHERE verdict LIKE ?) ORDER BY r.id",
        Ledger::reviewRow, prefix + "%");
  }

  /** Every review row of a batch's candidates, in the order they were written. */
  public synchronized List<Review> reviews(String batchId) {
    return query(
        "SELECT r.* FROM reviews r JOIN candidates c ON c.id = r.candidate_id WHERE c.batch_id = ? ORDER BY r.id",
        Ledger::reviewRow, batchId);
  }

  private static Review reviewRow(ResultSet r) throws SQLException {
    return new Review(r.getLong("id"), r.getLong("candidate_id"), r.getString("verdict"), integer(r, "rating"), r.getString("reviewer"),
        Instant.parse(r.getString("at")));
  }


  // ---- work: leases and reservations (claims()), workers and deciders (workers()), the shared quota (quota()).

  /**
   * Holds the batch's row until the transaction ends (PostgreSQL; SQLite's write lock already holds everything):
   * whatever reads the budget room and then spends it is alone in doing so, and every transaction that spends takes
   * this lock first, so they cannot deadlock each other.
   */
  void lockBatch(String batchId) {
    if (dialect == Dialect.POSTGRESQL) query("SELECT id FROM batches WHERE id = ? FOR UPDATE", r -> r.getString(1), batchId);
  }

  String batchOf(long candidateId) {
    return query("SELECT batch_id FROM candidates WHERE id = ?", r -> r.getString(1), candidateId).stream().findFirst().orElse("");
  }

  /** One prompt's candidates by state, for the planner and the gate. */
  public record PromptCounts(int promptIndex, Map<CandidateState, Integer> byState, int finalFailed, int nextOrdinal) {
    public int count(CandidateState s) {
      return byState.getOrDefault(s, 0);
    }
  }

  /** Every prompt's counts in one query; prompts without candidates are absent. */
  public synchronized Map<Integer, PromptCounts> promptCounts(String batchId) {
    Map<Integer, Map<CandidateState, Integer>> states = new java.util.TreeMap<>();
    Map<Integer, Integer> failedFinals = new java.util.HashMap<>();
    Map<Integer, Integer> next = new java.util.HashMap<>();
    query("SELECT prompt_index, state, CASE WHEN state = 'FAILED' AND reasons LIKE 'final_%' THEN 1 ELSE 0 END, COUNT(*), MAX(ordinal)"
            + " FROM candidates WHERE batch_id = ? GROUP BY prompt_index, state, 3",
        r -> {
          int p = r.getInt(1);
          CandidateState st = CandidateState.valueOf(r.getString(2));
          states.computeIfAbsent(p, k -> new java.util.EnumMap<>(CandidateState.class)).merge(st, r.getInt(4), Integer::sum);
          if (r.getInt(3) == 1) failedFinals.merge(p, r.getInt(4), Integer::sum);
          next.merge(p, r.getInt(5) + 1, Math::max);
          return null;
        }, batchId);
    Map<Integer, PromptCounts> out = new java.util.TreeMap<>();
    states.forEach((p, m) -> out.put(p, new PromptCounts(p, m, failedFinals.getOrDefault(p, 0), next.getOrDefault(p, 0))));
    return out;
  }

  /**
   * Drafted candidates the screen may take now, in draft order: no lower ordinal of the same prompt is still being
   * drafted, so decisions (near-duplicates above all) come out the same whatever the timing.
   */
  public synchronized List<Candidate> readyToScreen(String batchId, int max) {
    return query("SELECT * FROM candidates c WHERE c.batch_id = ? AND c.state = 'DRAFTED' AND NOT EXISTS (SELECT 1 FROM candidates p"
            + " WHERE p.batch_id = c.batch_id AND p.prompt_index = c.prompt_index AND p.ordinal < c.ordinal AND p.state = 'PLANNED')"
            + " ORDER BY c.prompt_index, c.ordinal LIMIT ?", Ledger::candidateRow, batchId, max);
  }

  /** The first {@code max} candidates of one prompt in {@code state}, in draft order. */
  public synchronized List<Candidate> firstInState(String batchId, int promptIndex, CandidateState state, int max) {
    return query("SELECT * FROM candidates WHERE batch_id = ? AND prompt_index = ? AND state = ? ORDER BY ordinal LIMIT ?",
        Ledger::candidateRow, batchId, promptIndex, state.name(), max);
  }

  /** Candidates of a batch in {@code state}, in draft order. */
  public synchronized List<Candidate> inState(String batchId, CandidateState state) {
    return query("SELECT * FROM candidates WHERE batch_id = ? AND state = ? ORDER BY prompt_index, ordinal",
        Ledger::candidateRow, batchId, state.name());
  }

  /** Mean latency of the last {@code n} answered calls to a model, in any batch; empty before the first. */
  public synchronized Optional<Double> recentLatencyMs(String model, int n) {
    return query("SELECT AVG(latency_ms), COUNT(*) FROM (SELECT latency_ms FROM calls WHERE model = ? AND outcome IN ('image','blocked','text')"
        + " ORDER BY id DESC LIMIT ?) recent", r -> r.getInt(2) == 0 ? null : r.getDouble(1), model, n).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  static Object[] concat(Object[] a, Object[] b) {
    Object[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  Candidate candidateById(long id) {
    return query("SELECT * FROM candidates WHERE id = ?", Ledger::candidateRow, id).get(0);
  }

  @Override
  public synchronized void close() {
    connections.close();
  }

  // ---- plumbing

  interface Row<T> {
    T read(ResultSet r) throws SQLException;
  }

  interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction; inside another, it joins it. The caller holds this ledger's monitor (every
   * caller is synchronized on it), so {@link #tx} is this thread's.
   */
  void inTransaction(Work work) {
    if (tx != null) {
      try {
        work.run();
        return;
      } catch (SQLException e) {
        throw failure("write", e);
      }
    }
    try (Connection c = connections.get()) {
      c.setAutoCommit(false);
      tx = c;
      try {
        work.run();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        tx = null;
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /** The same statement text on both databases; outside a transaction each statement commits on its own. */
  private <T> T withConnection(SqlFunction<T> f) throws SQLException {
    if (tx != null) return f.apply(tx);
    try (Connection c = connections.get()) {
      return f.apply(c);
    }
  }

  private interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  int update(String sql, Object... args) {
    try {
      return withConnection(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          bind(ps, args);
          return ps.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /** An INSERT that returns the new row's id (RETURNING: SQLite 3.35 and PostgreSQL alike). */
  long insert(String sql, Object... args) {
    return query(sql + " RETURNING id", r -> r.getLong(1), args).get(0);
  }

  <T> List<T> query(String sql, Row<T> row, Object... args) {
    try {
      return withConnection(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          bind(ps, args);
          try (ResultSet r = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) out.add(row.read(r));
            return out;
          }
        }
      });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  Dialect dialect() {
    return dialect;
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
    return new LedgerException("ledger " + describe() + ": cannot " + what + ": " + Connections.firstLine(e), e);
  }

  String now() {
    return Instant.now(clock).toString();
  }

  private static Batch batchRow(ResultSet r) throws SQLException {
    String finished = r.getString("finished_at");
    return new Batch(
        r.getString("id"), Instant.parse(r.getString("created_at")), r.getString("backend"), r.getString("job_json"),
        r.getInt("want"), r.getString("out_dir"), BatchStatus.valueOf(r.getString("status")),
        finished == null ? null : Instant.parse(finished), r.getString("note"));
  }

  static Candidate candidateRow(ResultSet r) throws SQLException {
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
        r.getString("duplicate_of"), r.getString("render_file"), r.getString("final_file"), integer(r, "drift"),
        real(r, "score"));
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
        Instant.parse(r.getString("started_at")), r.getString("message"), r.getString("lane"));
  }

  private static Integer integer(ResultSet r, String col) throws SQLException {
    int v = r.getInt(col);
    return r.wasNull() ? null : v;
  }

  static Long longer(ResultSet r, String col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  private static Double real(ResultSet r, String col) throws SQLException {
    double v = r.getDouble(col);
    return r.wasNull() ? null : v;
  }
}
