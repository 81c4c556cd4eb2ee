package dev.winnow.ledger;

import java.sql.SQLException;
import java.util.List;

/**
 * A model's requests-per-minute quota as one token bucket row per model, shared by every process on the ledger (the
 * quota is the API project's, not a process's). Every method holds the ledger's lock and reads the row {@code FOR
 * UPDATE} on PostgreSQL, so two machines never take the same slot.
 */
public final class QuotaBuckets {
  private final Ledger ledger;

  QuotaBuckets(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Takes the next start slot of a model's per-minute quota, shared by every process on this ledger (it is the API
   * project's quota, not the process's), and returns when the caller may start, in epoch ms. A token bucket of
   * {@code rpm × (1 − headroom)} a minute holding at most one token: no rolling minute holds more than the quota.
   */
  public long takeQuotaSlot(String model, int rpm, double headroom, long nowMs) {
    synchronized (ledger) {
      long[] at = new long[1];
      ledger.inTransaction(() -> at[0] = nowMs + bucket(model, rpm, headroom, nowMs, 1, 0));
      return at[0];
    }
  }

  /** The server said the quota is spent for {@code pauseMs}: no slot not yet taken starts before then. */
  public void pauseQuota(String model, int rpm, double headroom, long nowMs, long pauseMs) {
    synchronized (ledger) {
      ledger.inTransaction(() -> bucket(model, rpm, headroom, nowMs, 0, pauseMs));
    }
  }

  /** Refills, takes {@code take} tokens, applies a pause; returns the wait in ms for the token taken. */
  private long bucket(String model, int rpm, double headroom, long nowMs, int take, long pauseMs) throws SQLException {
    double perMs = rpm * (1 - headroom) / 60_000.0;
    ledger.update("INSERT INTO quotas(model, rpm, tokens, updated_ms) VALUES (?,?,?,?) ON CONFLICT(model) DO NOTHING", model, rpm, 1.0, nowMs);
    double[] state = ledger.query("SELECT tokens, updated_ms FROM quotas WHERE model = ?" + ledger.dialect().forUpdate(), r -> new double[] {r.getDouble(1), r.getLong(2)}, model).get(0);
    long last = Math.min(nowMs, (long) state[1]);
    double tokens = Math.min(1.0, state[0] + (nowMs - last) * perMs) - take;
    if (pauseMs > 0) tokens = Math.min(tokens, 1 - pauseMs * perMs);
    ledger.update("UPDATE quotas SET tokens = ?, updated_ms = ?, rpm = ? WHERE model = ?", tokens, nowMs, rpm, model);
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perMs);
  }
}
