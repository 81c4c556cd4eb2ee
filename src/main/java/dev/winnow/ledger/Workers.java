package dev.winnow.ledger;

import java.util.List;

/**
 * The processes that take part in this ledger's batches: each registers, renews what it holds with a heartbeat, and
 * lets go when it stops; a batch's decider role is a lease taken here. Every method holds the ledger's lock; times
 * are epoch milliseconds.
 */
public final class Workers {
  private final Ledger ledger;

  Workers(Ledger ledger) {
    this.ledger = ledger;
  }

  /** A process that takes part in this ledger's batches, as it registered itself. */
  public record Worker(String id, String host, long pid, long startedMs, long seenMs, boolean stopped) {}

  public void registerWorker(String id, String host, long pid, long startedMs, long nowMs) {
    synchronized (ledger) {
      ledger.update("INSERT INTO workers(id, host, pid, started_ms, seen_ms) VALUES (?,?,?,?,?)", id, host, pid, startedMs, nowMs);
    }
  }

  /** Workers that hold a lease, a reservation or a batch's decider role. */
  public List<Worker> holdingWorkers() {
    synchronized (ledger) {
      return ledger.query(
          "SELECT * FROM workers WHERE id IN (SELECT lease_owner FROM candidates WHERE lease_owner IS NOT NULL"
              + " UNION SELECT owner FROM reservations UNION SELECT decider FROM batches WHERE decider IS NOT NULL)",
          r -> new Worker(r.getString("id"), r.getString("host"), r.getLong("pid"), r.getLong("started_ms"), r.getLong("seen_ms"),
              r.getInt("stopped") != 0));
    }
  }

  /** Renews everything {@code owner} holds until {@code untilMs}: its leases, its reservations, its decider roles. */
  public void heartbeat(String owner, long nowMs, long untilMs) {
    synchronized (ledger) {
      ledger.inTransaction(() -> {
        // Batch rows first, as every transaction that spends takes them: locks in one order cannot deadlock.
        ledger.update("UPDATE batches SET decider_until = ? WHERE decider = ?", untilMs, owner);
        ledger.update("UPDATE workers SET seen_ms = ? WHERE id = ?", nowMs, owner);
        ledger.update("UPDATE candidates SET lease_until = ? WHERE lease_owner = ?", untilMs, owner);
        ledger.update("UPDATE reservations SET until_ms = ? WHERE owner = ?", untilMs, owner);
      });
    }
  }

  /**
   * A worker stopping cleanly, after its calls in flight have landed: whatever it still holds (candidates offered to
   * its reviewer, its decider roles) is released for others at once. Reservations left would be calls never made.
   */
  public void stopWorker(String owner) {
    synchronized (ledger) {
      ledger.inTransaction(() -> {
        ledger.update("UPDATE batches SET decider = NULL, decider_until = NULL WHERE decider = ?", owner);
        ledger.update("UPDATE candidates SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
        ledger.update("DELETE FROM reservations WHERE owner = ?", owner);
        ledger.update("UPDATE workers SET stopped = 1 WHERE id = ?", owner);
      });
    }
  }

  /** Takes (or renews) the role of deciding for a batch; false while another live worker has it. */
  public boolean takeDecider(String batchId, String owner, long nowMs, long untilMs) {
    synchronized (ledger) {
      return ledger.update("UPDATE batches SET decider = ?, decider_until = ? WHERE id = ? AND (decider IS NULL OR decider = ? OR decider_until < ?)",
          owner, untilMs, batchId, owner, nowMs) == 1;
    }
  }
}
