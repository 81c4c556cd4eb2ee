/**
 * The ledger: the single source of truth of every batch, on SQLite (Flyway migrations). It records each candidate's
 * instructions before any call, every state change through one checked method ({@link
 * dev.winnow.ledger.Ledger#transition}), every call with its price and cost, and every review decision. It never
 * stores an API key and never touches image files. {@link dev.winnow.ledger.Funnel} is how it reads back what became of
 * a batch, and the one place that says which candidates count as accepted.
 */
package dev.winnow.ledger;
