package dev.winnow.ledger;

import java.time.Instant;

/** A batch row: which job it ran (as JSON), on which backend, where its files are, and how it ended. */
public record Batch(
    String id, Instant createdAt, String backend, String jobJson, int want, String outDir, BatchStatus status, Instant finishedAt, String note) {}
