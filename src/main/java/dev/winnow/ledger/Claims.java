package dev.winnow.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger's work-sharing part: candidates leased to the process working on them, the price of each call in flight
 * reserved under the batch's budget cap, and what stopped workers held taken back. Every method holds the ledger's
 * lock and spends inside a transaction that locks the batch's row first, as the ledger's own transitions do, so one
 * lock order holds everywhere and two workers never take the same candidate or the same budget.
 */
public final class Claims {
  private final Ledger ledger;

  Claims(Ledger ledger) {
    this.ledger = ledger;
  }

  /** What a claim reserves for each candidate it takes: one call's list price (0 reserves nothing). */
  public record Hold(String purpose, String tier, String model, String size, long micros) {}

  /** A candidate leased to the claimer, with the reservation made for its call (null when the hold was free). */
  public record Claimed(Candidate candidate, Long reservation) {}

  /**
   * Claims up to {@code max} candidates of a batch in {@code state} that nobody holds (or whose lease ran out), in
   * draft order, leasing them to {@code owner} until {@code untilMs} and reserving {@code hold} for each under the
   * batch's budget cap, all in one transaction: what is claimed is paid for at most once, whichever process asks.
   * Claims stop at the first candidate whose reservation would cross the cap.
   */
  public List<Claimed> claim(
      String batchId, CandidateState state, String owner, long nowMs, long untilMs, int max, java.util.function.Function<Candidate, Hold> holdFor) {
    synchronized (ledger) {
      List<Claimed> out = new ArrayList<>();
      if (max <= 0) return out;
      ledger.inTransaction(() -> {
        ledger.lockBatch(batchId);
        // SKIP LOCKED on PostgreSQL: rows another worker is claiming or moving right now are passed over, not waited for.
        List<Long> ids = ledger.query(
            "SELECT id FROM candidates WHERE batch_id = ? AND state = ? AND (lease_owner IS NULL OR lease_until < ?)"
                + " ORDER BY prompt_index, ordinal LIMIT ?" + ledger.dialect().skipLocked(), r -> r.getLong(1), batchId, state.name(), nowMs, max);
        for (long id : ids) {
          Candidate c = ledger.candidateById(id);
          Hold hold = holdFor.apply(c);
          Long reservation = null;
          if (hold.micros() > 0) {
            reservation = reserveIn(batchId, id, owner, untilMs, hold);
            if (reservation == null) break;
          }
          ledger.update("UPDATE candidates SET lease_owner = ?, lease_until = ? WHERE id = ?", owner, untilMs, id);
          out.add(new Claimed(c, reservation));
        }
      });
      return out;
    }
  }

  /** Gives a lease back without changing the candidate (a reviewer that stopped, a call that was not made). */
  public void releaseLease(long candidateId, String owner) {
    synchronized (ledger) {
      ledger.update("UPDATE candidates SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", candidateId, owner);
    }
  }

  /** Reserves one more call's price under the cap (a retry's, a re-render's, a judge's); empty when it would cross it. */
  public Optional<Long> reserve(String batchId, Long candidateId, String owner, long untilMs, Hold hold) {
    synchronized (ledger) {
      Long[] id = new Long[1];
      ledger.inTransaction(() -> {
        ledger.lockBatch(batchId);
        id[0] = reserveIn(batchId, candidateId, owner, untilMs, hold);
      });
      return Optional.ofNullable(id[0]);
    }
  }

  /** Drops a reservation whose call was not made. */
  public void release(long reservation) {
    synchronized (ledger) {
      ledger.update("DELETE FROM reservations WHERE id = ?", reservation);
    }
  }

  private Long reserveIn(String batchId, Long candidateId, String owner, long untilMs, Hold hold) throws SQLException {
    if (hold.micros() > roomIn(batchId)) return null;
    return ledger.insert(
        "INSERT INTO reservations(batch_id, candidate_id, purpose, tier, model, size, micros, owner, until_ms, created_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?)",
        batchId, candidateId, hold.purpose(), hold.tier(), hold.model(), hold.size(), hold.micros(), owner, untilMs, ledger.now());
  }

  /** What may still be reserved under the batch's cap: cap − spent − reserved (Long.MAX_VALUE without a cap). */
  public long budgetRoom(String batchId) {
    synchronized (ledger) {
      return roomIn(batchId);
    }
  }

  long roomIn(String batchId) {
    List<long[]> row = ledger.query(
        "SELECT budget_micros, spent_micros, (SELECT COALESCE(SUM(micros), 0) FROM reservations WHERE batch_id = ?)"
            + " FROM batches WHERE id = ?",
        r -> new long[] {r.getObject(1) == null ? Long.MAX_VALUE : r.getLong(1), r.getLong(2), r.getLong(3)}, batchId, batchId);
    if (row.isEmpty() || row.get(0)[0] == Long.MAX_VALUE) return Long.MAX_VALUE;
    return row.get(0)[0] - row.get(0)[1] - row.get(0)[2];
  }

  /** Planned drafts of a batch that no claim has reserved for yet: their price is owed but not held. */
  public int unreservedPlanned(String batchId) {
    synchronized (ledger) {
      return ledger.query("SELECT COUNT(*) FROM candidates c WHERE c.batch_id = ? AND c.state = 'PLANNED'"
          + " AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.candidate_id = c.id)", r -> r.getInt(1), batchId).get(0);
    }
  }

  /** How many reservations a batch holds (calls in flight or about to be). */
  public int reservationCount(String batchId) {
    synchronized (ledger) {
      return ledger.query("SELECT COUNT(*) FROM reservations WHERE batch_id = ?", r -> r.getInt(1), batchId).get(0);
    }
  }

  /** Micro-dollars held by a batch's calls in flight. */
  public long reservedMicros(String batchId) {
    synchronized (ledger) {
      return ledger.query("SELECT COALESCE(SUM(micros), 0) FROM reservations WHERE batch_id = ?", r -> r.getLong(1), batchId).get(0);
    }
  }

  /**
   * Takes back what stopped workers held in a batch: leases that ran out or whose owner is in {@code deadOwners}
   * are freed for another claim, and their reservations become calls of outcome {@code lost} at their list price
   * (the provider may have billed a call its worker never recorded; the cap must count it). Returns the leases freed.
   */
  public int reclaim(String batchId, Set<String> deadOwners, long nowMs) {
    synchronized (ledger) {
      int[] freed = new int[1];
      String dead = deadOwners.isEmpty() ? "''" : String.join(",", java.util.Collections.nCopies(deadOwners.size(), "?"));
      Object[] leaseArgs = Ledger.concat(new Object[] {batchId, nowMs}, deadOwners.toArray());
      // Most passes find nothing to take back: look before taking the write lock.
      int stale = ledger.query("SELECT (SELECT COUNT(*) FROM reservations WHERE batch_id = ? AND (until_ms < ? OR owner IN (" + dead + ")))"
          + " + (SELECT COUNT(*) FROM candidates WHERE batch_id = ? AND lease_owner IS NOT NULL AND (lease_until < ? OR lease_owner IN (" + dead + ")))"
          + " + (SELECT COUNT(*) FROM batches WHERE id = ? AND decider IS NOT NULL AND (decider_until < ? OR decider IN (" + dead + ")))",
          r -> r.getInt(1), Ledger.concat(Ledger.concat(leaseArgs, leaseArgs), leaseArgs)).get(0);
      if (stale == 0) return 0;
      ledger.inTransaction(() -> {
        ledger.lockBatch(batchId);
        // DELETE ... RETURNING: what this transaction deletes is its alone to count as lost, whoever else reclaims.
        List<Object[]> lost = ledger.query(
            "DELETE FROM reservations WHERE batch_id = ? AND (until_ms < ? OR owner IN (" + dead + "))"
                + " RETURNING id, candidate_id, purpose, tier, model, size, micros, created_at",
            r -> new Object[] {r.getLong(1), Ledger.longer(r, "candidate_id"), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getLong(7), r.getString(8)}, leaseArgs);
        for (Object[] l : lost) {
          ledger.insertCall(new CallRecord(batchId, (Long) l[1], (String) l[3], (String) l[2], (String) l[4], (String) l[5], 1, LOST, null,
              (Long) l[6], (Long) l[6], 0, 0, Instant.parse((String) l[7]),
              "its worker stopped before recording the outcome; counted at list price, as the provider may have billed it"));
        }
        freed[0] = ledger.update("UPDATE candidates SET lease_owner = NULL, lease_until = NULL WHERE batch_id = ? AND lease_owner IS NOT NULL"
            + " AND (lease_until < ? OR lease_owner IN (" + dead + "))", leaseArgs);
        ledger.update("UPDATE batches SET decider = NULL, decider_until = NULL WHERE id = ? AND decider IS NOT NULL"
            + " AND (decider_until < ? OR decider IN (" + dead + "))", leaseArgs);
      });
      return freed[0];
    }
  }

  /** The outcome a call gets when its worker stopped before recording it. */
  public static final String LOST = "lost";

  /**
   * A transition that adopts an image a stopped worker wrote to disk before recording its call: the call counted as
   * {@code lost} for it (if any) becomes the image it made; otherwise {@code recovered} is recorded as its call.
   */
  public void adopt(long candidateId, CandidateState from, CandidateState to, Change change, CallRecord recovered, boolean keepLease) {
    synchronized (ledger) {
      ledger.inTransaction(() -> {
        ledger.lockBatch(recovered.batchId());
        int found = ledger.update("UPDATE calls SET outcome = 'image', message = ? WHERE id = (SELECT MAX(id) FROM calls"
            + " WHERE candidate_id = ? AND purpose = ? AND outcome = ?)", recovered.message(), candidateId, recovered.purpose(), LOST);
        CallRecord call = found == 1 ? null : recovered;
        if (!keepLease) ledger.update("UPDATE candidates SET lease_owner = NULL, lease_until = NULL WHERE id = ?", candidateId);
        ledger.transitionIn(candidateId, from, to, change, call);
      });
    }
  }
}
