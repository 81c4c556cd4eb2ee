package dev.winnow.ledger;

import java.util.Optional;

/**
 * Why a candidate ended in {@link CandidateState#FAILED}, as its reasons carry it. A final fails after its draft was
 * accepted, so that draft still counts as accepted ({@link #afterAcceptance}): the draft was good enough, the final
 * call was not. {@link Funnel} is where that rule is applied.
 */
public enum FailReason {
  /** The draft call failed for good: errors after every retry, or a fatal error. */
  DRAFT_FAILED("draft_failed", false),
  /** The final call failed for good after the draft was accepted. */
  FINAL_FAILED("final_failed", true),
  /** The provider blocked the final after the draft was accepted. */
  FINAL_BLOCKED("final_blocked", true);

  private final String code;
  private final boolean afterAcceptance;

  FailReason(String code, boolean afterAcceptance) {
    this.code = code;
    this.afterAcceptance = afterAcceptance;
  }

  /** Lower-case snake case, as the ledger stores it: {@code final_blocked}. */
  public String code() {
    return code;
  }

  /** True when the failure came after review accepted the draft (a final's failure). */
  public boolean afterAcceptance() {
    return afterAcceptance;
  }

  /** The reason with this code, or empty for any other reason (a screen's, {@code drift_flagged}). */
  public static Optional<FailReason> parse(String code) {
    for (FailReason r : values()) {
      if (r.code.equals(code)) return Optional.of(r);
    }
    return Optional.empty();
  }
}
