/**
 * The ledger: the single source of truth of every batch, on SQLite (Flyway migrations). It records each candidate's
 * instructions before any call, every state change through one checked method ({@link
 * dev.winnow.ledger.Ledger#transition}), every call with its price and cost, and every review decision. It never
 * stores an API key and never touches image files.
 */
package dev.winnow.ledger;
