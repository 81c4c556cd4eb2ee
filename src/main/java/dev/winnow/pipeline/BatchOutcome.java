package dev.winnow.pipeline;

import dev.winnow.ledger.BatchStatus;

/** How a run ended: the batch, its status, and a one-line reason when it stopped short. */
public record BatchOutcome(String batchId, BatchStatus status, int wanted, int delivered, String message) {}
