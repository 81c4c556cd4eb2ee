package dev.winnow.pipeline;

/** Told about a running batch's counts after each event. Called from one thread at a time; must return fast. */
public interface ProgressListener {
  void update(Snapshot snapshot);

  /** The batch is over; a display can finish its last line. */
  default void done(Snapshot snapshot) {}

  /** A line worth telling the person running the batch (budget warnings, a fatal error). */
  default void notice(String line) {}

  ProgressListener SILENT = s -> {};
}
