package dev.winnow.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an accepted draft becomes a final. */
public enum PromotionMode {
  /** The article's route: the same prompt and seed on the final model. Seeds are best effort across models. */
  SEED,
  /** The accepted draft is sent back as an input image with the prompt, to be re-rendered at full quality. */
  REFERENCE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<PromotionMode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.label().equalsIgnoreCase(text.trim())).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(PromotionMode::label).collect(Collectors.joining(", "));
  }
}
