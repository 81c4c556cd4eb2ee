package dev.winnow.ledger;

import java.util.Locale;
import java.util.Optional;

/** Why a candidate ended FAILED. A failure after acceptance still counts the draft as accepted. */
public enum FailReason {
  DRAFT_FAILED,
  FINAL_FAILED,
  FINAL_BLOCKED;

  /** How the ledger spells it ({@code final_failed}). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for a final that failed: its draft was accepted. */
  public boolean afterAcceptance() {
    return this != DRAFT_FAILED;
  }

  public static Optional<FailReason> parse(String code) {
    for (FailReason r : values()) if (r.code().equals(code)) return Optional.of(r);
    return Optional.empty();
  }
}
