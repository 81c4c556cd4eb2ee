package dev.winnow.ledger;

/**
 * The life of a candidate. The only legal moves are the ones {@link #canMoveTo} allows; {@link Ledger#transition}
 * refuses any other, so no code path can, say, deliver a draft that was never accepted.
 */
public enum CandidateState {
  /** Instructions recorded; the draft call is about to be (or was being) made. */
  PLANNED,
  /** The draft image is on disk; not yet screened. */
  DRAFTED,
  /** Rejected by a free check, or the draft call was blocked; terminal. */
  SCREENED_OUT,
  /** Passed the screen; waiting for a reviewer (or kept as a spare once enough were accepted). */
  AWAITING_REVIEW,
  /** Offered to a reviewer, who has not answered yet; handed back to AWAITING_REVIEW if they let it go. */
  IN_REVIEW,
  /**
   * Scored by a judge under {@code --select best}: waiting for the wave to be scored, then chosen among the best
   * (accepted) or not (rejected).
   */
  SCORED,
  /** A reviewer said no. Undo moves it back to review. */
  REJECTED,
  /** A reviewer said yes: a final will be paid for. */
  ACCEPTED,
  /** The final image is on disk as the model returned it. */
  RENDERED,
  /** The final is delivered with its provenance and listed in the manifest; terminal. */
  DELIVERED,
  /** A paid step failed for good (retries exhausted, final blocked); terminal. */
  FAILED;

  public boolean canMoveTo(CandidateState next) {
    return switch (this) {
      case PLANNED -> next == DRAFTED || next == SCREENED_OUT || next == FAILED;
      case DRAFTED -> next == SCREENED_OUT || next == AWAITING_REVIEW;
      case AWAITING_REVIEW -> next == IN_REVIEW || next == ACCEPTED || next == REJECTED;
      case IN_REVIEW -> next == ACCEPTED || next == REJECTED || next == AWAITING_REVIEW || next == SCORED;
      case SCORED -> next == ACCEPTED || next == REJECTED;
      case REJECTED -> next == AWAITING_REVIEW;
      case ACCEPTED -> next == RENDERED || next == FAILED || next == AWAITING_REVIEW;
      case RENDERED -> next == DELIVERED;
      case SCREENED_OUT, DELIVERED, FAILED -> false;
    };
  }

  public boolean terminal() {
    return this == SCREENED_OUT || this == DELIVERED || this == FAILED;
  }
}
