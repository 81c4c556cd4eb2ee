package dev.winnow.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which reviewed drafts become finals. {@link Mode#FIRST}: the first {@code want} a reviewer accepts (the article's
 * way, and the cheapest). {@link Mode#BEST}: about {@code want × oversample} drafts are scored and only the best
 * {@code want}, kept apart from each other, are rendered.
 *
 * @param oversample drafts per keeper wanted in the first wave under {@code best}; 1 under {@code first}
 */
public record Selection(Mode mode, double oversample) {
  public static final Selection FIRST = new Selection(Mode.FIRST, 1);
  public static final double DEFAULT_OVERSAMPLE = 3;
  static final double MAX_OVERSAMPLE = 50;

  public Selection {
    if (!(oversample >= 1 && oversample <= MAX_OVERSAMPLE)) {
      throw new IllegalArgumentException("oversample must be within 1.." + MAX_OVERSAMPLE + " (got " + oversample + ")");
    }
  }

  /** How finals are chosen. */
  public enum Mode {
    FIRST,
    BEST;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Mode> parse(String text) {
      return Arrays.stream(values()).filter(m -> m.label().equalsIgnoreCase(text.trim())).findFirst();
    }

    public static String allowed() {
      return Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", "));
    }
  }

  /** Why a scored draft was rejected under {@code best}: a better one (or enough) was chosen. */
  public static final String OUTRANKED = "not_among_best";
  /** Why a scored draft was rejected under {@code best}: a near-copy of a better draft or of a keeper. */
  public static final String TOO_CLOSE = "too_close";

  /** Whether a rejected candidate's reasons say it was passed over for better ones rather than turned down. */
  public static boolean passedOver(java.util.List<String> reasons) {
    return reasons.contains(OUTRANKED) || reasons.contains(TOO_CLOSE);
  }

  public boolean best() {
    return mode == Mode.BEST;
  }

  /**
   * The score of a draft a person chose: 1 unrated, else 0.5 + rating / 10 (5 stars 1.0, 1 star 0.6), so a person's
   * choices rank by their stars and always above the judge's line of 0.5.
   */
  public static double personScore(Integer rating) {
    return rating == null ? 1.0 : 0.5 + rating / 10.0;
  }

  /** Drafts in the first wave of a prompt that wants {@code want} keepers: {@code want × oversample}, rounded up. */
  public int wave(int want) {
    return (int) Math.ceil(want * oversample - 1e-9);
  }
}
