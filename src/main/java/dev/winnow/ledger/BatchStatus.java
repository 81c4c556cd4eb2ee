package dev.winnow.ledger;

/** How a batch stands. Only RUNNING batches have work left; the others say why they stopped. */
public enum BatchStatus {
  RUNNING,
  /** Every keeper wanted was delivered. */
  DONE,
  /** --max-drafts ran out before enough drafts were accepted. */
  SHORT,
  /** The budget cap stopped it. */
  BUDGET,
  /** A fatal error stopped it (bad key, unknown model, ...). */
  FAILED
}
