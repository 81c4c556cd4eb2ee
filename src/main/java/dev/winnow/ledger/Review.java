package dev.winnow.ledger;

import java.time.Instant;

/**
 * One row of the review log, oldest first: a verdict ({@code accept}, {@code reject}), a rating change
 * ({@code rate}) or the withdrawal of the last verdict ({@code undo}). Rows are only ever appended, so the log says
 * who decided what and when even after a decision was taken back.
 */
public record Review(long id, long candidateId, String verdict, Integer rating, String reviewer, Instant at) {}
