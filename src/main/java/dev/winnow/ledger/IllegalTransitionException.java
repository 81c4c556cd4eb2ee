package dev.winnow.ledger;

/** A move the state machine forbids, or one from a state the candidate is no longer in. A bug, never user error. */
public final class IllegalTransitionException extends IllegalStateException {
  public IllegalTransitionException(long candidate, CandidateState from, CandidateState to, String actual) {
    super("candidate " + candidate + ": cannot move " + from + " -> " + to + (actual == null ? "" : " (it is " + actual + ")"));
  }
}
