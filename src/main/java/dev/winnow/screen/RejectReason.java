package dev.winnow.screen;

import java.util.Locale;

/** Why the screen rejected an image. A rejected image carries every reason that applies, not just the first. */
public enum RejectReason {
  UNDECODABLE("not a decodable image (empty, truncated, corrupt or not an image)"),
  TOO_LARGE("declared dimensions too large to decode safely"),
  TOO_SMALL("below the minimum resolution"),
  WRONG_ASPECT("aspect ratio differs from the one asked for"),
  TOO_DARK("mean brightness below the minimum"),
  TOO_BRIGHT("mean brightness above the maximum"),
  BLURRY("too little fine detail (soft or out of focus)"),
  FLAT("flat or two-tone: too little contrast or too few colours"),
  NEAR_DUPLICATE("perceptually near-identical to an image already kept");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  /** Lower-case snake case, as the ledger and --json use it: {@code too_dark}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String describe() {
    return description;
  }
}
