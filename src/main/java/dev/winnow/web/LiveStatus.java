package dev.winnow.web;

import dev.winnow.pipeline.ProgressListener;
import dev.winnow.pipeline.Snapshot;
import java.util.Optional;

/**
 * Passes a running batch's progress on to another display (the terminal) and keeps the latest snapshot for the
 * gallery's live header: what is drafting and rendering right now is not in the ledger. The header's funnel counts
 * come from the ledger's {@link dev.winnow.ledger.Funnel}, not from here, so they agree with the report.
 */
public final class LiveStatus implements ProgressListener {
  private final ProgressListener next;
  private volatile Snapshot latest;
  private volatile boolean done;

  public LiveStatus(ProgressListener next) {
    this.next = next;
  }

  @Override
  public void update(Snapshot snapshot) {
    latest = snapshot;
    next.update(snapshot);
  }

  @Override
  public void done(Snapshot snapshot) {
    latest = snapshot;
    done = true;
    next.done(snapshot);
  }

  @Override
  public void notice(String line) {
    next.notice(line);
  }

  Optional<Snapshot> latest() {
    return Optional.ofNullable(latest);
  }

  boolean running() {
    return latest != null && !done;
  }
}
