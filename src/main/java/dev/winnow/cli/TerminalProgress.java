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
    else plain(s);
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
    int draftTarget = Math.max(s.drafted(), 1);
    err.print("\r\033[K" + String.format("draft  %s %4d drafted, %d running, %d screened out", bar(s.drafted() - s.draftsRunning(), draftTarget), s.drafted(), s.draftsRunning(), s.screenedOut()) + "\n");
    err.print("\r\033[K" + String.format("review %s %4d accepted of %d wanted, %d rejected", bar(s.accepted(), s.wanted()), s.accepted(), s.wanted(), s.rejected()) + "\n");
    err.print("\r\033[K" + String.format("final  %s %4d delivered of %d, %d rendering   spend %s", bar(s.delivered(), s.wanted()), s.delivered(), s.wanted(), s.finalsRunning(), Usd.format(s.spentMicros())) + "\n");
    err.flush();
    drawn = true;
  }

  private void plain(Snapshot s) {
    String line = String.format("drafted %d, screened out %d, accepted %d/%d, delivered %d/%d, spend %s",
        s.drafted(), s.screenedOut(), s.accepted(), s.wanted(), s.delivered(), s.wanted(), Usd.format(s.spentMicros()));
    String key = s.delivered() + "/" + (s.drafted() / 10) + "/" + s.accepted();
    if (key.equals(lastPlain)) return;
    lastPlain = key;
    err.println("winnow: " + line);
  }

  private static String bar(int done, int total) {
    int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, Math.round((double) WIDTH * done / total));
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }
}
