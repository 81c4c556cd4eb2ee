package dev.winnow.cli;

import dev.winnow.cost.Usd;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.pipeline.Snapshot;
import java.io.PrintStream;

/**
 * Progress on stderr, so stdout stays clean for --json. On a terminal: three live bars (draft, review, final)
 * redrawn at most ten times a second. Elsewhere (a pipe, CI, a log file): one plain line per milestone.
 */
final class TerminalProgress implements ProgressListener {
  private static final int WIDTH = 28;
  private final PrintStream err;
  private final boolean tty;
  private long lastDraw;
  private boolean drawn;
  private String lastPlain = "";
  private int lastQuarter = -1;

  TerminalProgress(PrintStream err, boolean tty) {
    this.err = err;
    this.tty = tty;
  }

  @Override
  public void update(Snapshot s) {
    if (!tty) {
      plain(s);
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < 100_000_000L) return;
    lastDraw = now;
    draw(s);
  }

  @Override
  public void done(Snapshot s) {
    if (tty) draw(s);
    else if (!lastPlain.equals(s.delivered() + "")) err.println(String.format("winnow: done: %d of %d delivered from %d drafts, spend %s",
        s.delivered(), s.wanted(), s.drafted(), Usd.format(s.spentMicros())));
  }

  @Override
  public void notice(String line) {
    if (tty && drawn) {
      err.print("\033[3A\033[J");
      drawn = false;
    }
    err.println("winnow: " + line);
  }

  private void draw(Snapshot s) {
    if (drawn) err.print("\033[3A");
    int draftTarget = Math.max(s.drafted() + s.draftsRunning(), 1);
    err.print("\r\033[K" + String.format("draft  %s %4d drafted, %d running, %d screened out", bar(s.drafted(), draftTarget), s.drafted(), s.draftsRunning(), s.screenedOut()) + "\n");
    err.print("\r\033[K" + String.format("review %s %4d accepted of %d wanted, %d rejected", bar(s.accepted(), s.wanted()), s.accepted(), s.wanted(), s.rejected()) + "\n");
    err.print("\r\033[K" + String.format("final  %s %4d delivered of %d, %d rendering   spend %s", bar(s.delivered(), s.wanted()), s.delivered(), s.wanted(), s.finalsRunning(), Usd.format(s.spentMicros())) + "\n");
    err.flush();
    drawn = true;
  }

  /** Without a terminal: a line when a quarter more of the keepers are delivered, or every 5 s of progress. */
  private void plain(Snapshot s) {
    int quarter = s.wanted() == 0 ? 0 : 4 * s.delivered() / s.wanted();
    long now = System.nanoTime();
    String key = quarter + "/" + s.drafted() + "/" + s.accepted() + "/" + s.delivered();
    boolean milestone = quarter != lastQuarter;
    if (key.equals(lastPlain) || (!milestone && now - lastDraw < 5_000_000_000L)) return;
    lastPlain = key;
    lastQuarter = quarter;
    lastDraw = now;
    err.println(String.format("winnow: drafted %d, screened out %d, accepted %d/%d, delivered %d/%d, spend %s",
        s.drafted(), s.screenedOut(), s.accepted(), s.wanted(), s.delivered(), s.wanted(), Usd.format(s.spentMicros())));
  }

  private static String bar(int done, int total) {
    int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, Math.round((double) WIDTH * done / total));
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }
}
