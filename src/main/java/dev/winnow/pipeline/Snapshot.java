package dev.winnow.pipeline;

/** Live counts of a running batch, for progress displays. */
public record Snapshot(
    String batchId,
    int wanted,
    int drafted,
    int maxDrafts,
    int draftsRunning,
    int screenedOut,
    int reviewing,
    int accepted,
    int rejected,
    int finalsRunning,
    int delivered,
    long spentMicros) {}
