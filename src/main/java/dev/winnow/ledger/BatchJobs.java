package dev.winnow.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The Batch API jobs of the ledger's batches. A job's candidates and their budget reservations are owned by the job
 * ({@code job:ID}) from its intent until it ends, so no process's death takes them back; a job's own lease says
 * which process polls it now. Every method holds the ledger's lock, as the ledger's own do.
 */
public final class BatchJobs {
  /** Written before the provider is asked to create the job. */
  public static final String INTENT = "INTENT";
  /** The provider returned its name; polled until it ends. */
  public static final String SUBMITTED = "SUBMITTED";

  /** One job as the ledger holds it. {@code name} is the provider's (batches/…), empty until it was returned. */
  public record Job(long id, String batchId, String tier, String model, String displayName, Optional<String> name, String state,
      int requests, long createdMs, long nextPollMs, int polls) {
    public String owner() {
      return "job:" + id;
    }
  }

  private final Ledger ledger;

  BatchJobs(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Writes the intent of a job for these claimed candidates and hands them, and their reservations, to it until
   * {@code untilMs} (past the provider's 48 h expiry), in one transaction.
   */
  public Job open(String batchId, String tier, String model, String displayName, List<Claims.Claimed> members, long nowMs, long untilMs) {
    synchronized (ledger) {
      long[] id = new long[1];
      ledger.inTransaction(() -> {
        ledger.update("INSERT INTO batch_jobs(batch_id, tier, model, display_name, state, requests, created_ms, next_poll_ms)"
            + " VALUES (?,?,?,?,?,?,?,?)", batchId, tier, model, displayName, INTENT, members.size(), nowMs, nowMs);
        id[0] = ledger.query("SELECT id FROM batch_jobs WHERE display_name = ?", r -> r.getLong(1), displayName).get(0);
        String owner = "job:" + id[0];
        for (Claims.Claimed c : members) {
          ledger.update("UPDATE candidates SET batch_job_id = ?, lease_owner = ?, lease_until = ? WHERE id = ?", id[0], owner, untilMs, c.candidate().id());
          if (c.reservation() != null) ledger.update("UPDATE reservations SET owner = ?, until_ms = ? WHERE id = ?", owner, untilMs, c.reservation());
        }
      });
      return job(id[0]);
    }
  }

  /** The provider's name for the job, as soon as it returned it. */
  public void named(long id, String name) {
    synchronized (ledger) {
      ledger.update("UPDATE batch_jobs SET name = ?, state = ? WHERE id = ?", name, SUBMITTED, id);
    }
  }

  /** Jobs of a batch that have not ended, oldest first. */
  public List<Job> active(String batchId) {
    synchronized (ledger) {
      return ledger.query("SELECT * FROM batch_jobs WHERE batch_id = ? AND state IN (?, ?) ORDER BY id", BatchJobs::row, batchId, INTENT, SUBMITTED);
    }
  }

  /** Every job of a batch, oldest first. */
  public List<Job> all(String batchId) {
    synchronized (ledger) {
      return ledger.query("SELECT * FROM batch_jobs WHERE batch_id = ? ORDER BY id", BatchJobs::row, batchId);
    }
  }

  /**
   * Takes the job's lease: true when this owner may poll it now (nobody holds it, its holder's lease ran out, or its
   * holder is one of the {@code gone} processes).
   */
  public boolean take(long id, String owner, long nowMs, long untilMs, java.util.Set<String> gone) {
    synchronized (ledger) {
      String dead = gone.isEmpty() ? "''" : String.join(",", java.util.Collections.nCopies(gone.size(), "?"));
      Object[] args = new Object[5 + gone.size()];
      args[0] = owner;
      args[1] = untilMs;
      args[2] = id;
      args[3] = owner;
      args[4] = nowMs;
      int i = 5;
      for (String g : gone) args[i++] = g;
      return ledger.update("UPDATE batch_jobs SET lease_owner = ?, lease_until = ? WHERE id = ?"
          + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ? OR lease_owner IN (" + dead + "))", args) == 1;
    }
  }

  /** Records a poll that found the job still running; the next one is due at {@code nextPollMs}. */
  public void polled(long id, String providerState, long nextPollMs) {
    synchronized (ledger) {
      ledger.update("UPDATE batch_jobs SET polls = polls + 1, next_poll_ms = ?, note = ? WHERE id = ?", nextPollMs, providerState, id);
    }
  }

  /** The state a job's candidates wait in: planned drafts, or accepted drafts waiting for their finals. */
  private String waitingState(long id) {
    return ledger.query("SELECT tier FROM batch_jobs WHERE id = ?", r -> r.getString(1), id).get(0).equals("final") ? "ACCEPTED" : "PLANNED";
  }

  /** The job's candidates still waiting for its result (not yet drafted or rendered, screened out or failed). */
  public List<Candidate> waiting(long id) {
    synchronized (ledger) {
      return ledger.query("SELECT * FROM candidates WHERE batch_job_id = ? AND state = ? AND lease_owner = ? ORDER BY id",
          Ledger::candidateRow, id, waitingState(id), "job:" + id);
    }
  }

  /** The reservation a job holds for one of its candidates, if it still holds one. */
  public Optional<Long> reservation(long id, long candidateId) {
    synchronized (ledger) {
      return ledger.query("SELECT id FROM reservations WHERE candidate_id = ? AND owner = ?", r -> r.getLong(1), candidateId, "job:" + id)
          .stream().findFirst();
    }
  }

  /**
   * Ends a job: candidates it did not answer go back to the planner (free to be drafted again, in another wave) and
   * their reservations are released, since nothing was billed for them. Returns how many went back.
   */
  public int finish(long id, String state, String note, long nowMs) {
    synchronized (ledger) {
      int[] back = new int[1];
      String owner = "job:" + id;
      ledger.inTransaction(() -> {
        ledger.update("DELETE FROM reservations WHERE owner = ?", owner);
        back[0] = ledger.update("UPDATE candidates SET batch_job_id = NULL, lease_owner = NULL, lease_until = NULL"
            + " WHERE batch_job_id = ? AND state = ?", id, waitingState(id));
        ledger.update("UPDATE batch_jobs SET state = ?, note = ?, finished_ms = ?, lease_owner = NULL WHERE id = ?", state, note, nowMs, id);
      });
      return back[0];
    }
  }

  /** One candidate of a job goes back to the planner (its request failed); its reservation is released. */
  public void giveBack(long id, long candidateId) {
    synchronized (ledger) {
      ledger.inTransaction(() -> {
        ledger.update("DELETE FROM reservations WHERE candidate_id = ? AND owner = ?", candidateId, "job:" + id);
        ledger.update("UPDATE candidates SET batch_job_id = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = ?", candidateId, waitingState(id));
      });
    }
  }

  private Job job(long id) {
    return ledger.query("SELECT * FROM batch_jobs WHERE id = ?", BatchJobs::row, id).get(0);
  }

  private static Job row(java.sql.ResultSet r) throws java.sql.SQLException {
    return new Job(r.getLong("id"), r.getString("batch_id"), r.getString("tier"), r.getString("model"), r.getString("display_name"),
        Optional.ofNullable(r.getString("name")), r.getString("state"), r.getInt("requests"), r.getLong("created_ms"),
        r.getLong("next_poll_ms"), r.getInt("polls"));
  }
}
