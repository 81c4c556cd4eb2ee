package dev.winnow.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Who decides which screened drafts become finals. */
public enum ReviewMode {
  /** Accept every draft that passed the screen. */
  AUTO,
  /** A person in the local web gallery. */
  HUMAN,
  /** A vision model with a rubric. */
  VISION;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReviewMode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.label().equalsIgnoreCase(text.trim())).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(ReviewMode::label).collect(Collectors.joining(", "));
  }
}
