/**
 * The ledger: the single source of truth of every batch, on SQLite or PostgreSQL (Flyway migrations per database). It records each candidate's
 * instructions before any call, every state change through one checked method ({@link
 * dev.winnow.ledger.Ledger#transition}), every call with its price and cost, and every review decision. It never
 * stores an API key and never touches image files. {@link dev.winnow.ledger.Funnel} is how it reads back what became of
 * a batch, and the one place that says which candidates count as accepted. The work several processes share goes
 * through its parts: {@link dev.winnow.ledger.Claims}, {@link dev.winnow.ledger.Workers}, {@link
 * dev.winnow.ledger.QuotaBuckets} and {@link dev.winnow.ledger.BatchJobs}.
 */
package dev.winnow.ledger;
