package dev.winnow.generate;

import dev.winnow.spec.ImageSize;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The image models winnow knows, their aliases (the article's names) and the sizes each can produce. Unknown names
 * are allowed through (new models appear faster than releases) but get no size check.
 */
public final class ModelCatalog {

  /**
   * A known model: canonical id, the sizes it renders, the names people also use for it, the lanes it is served on,
   * and, once the provider deprecated it, the model it names as its replacement.
   */
  public record KnownModel(String id, String nickname, Set<ImageSize> sizes, List<String> aliases, Set<Lane> lanes,
      Optional<Deprecation> deprecation) {}

  /** The provider deprecated a model on {@code since} and names {@code replacement}; it still works until shut down. */
  public record Deprecation(java.time.LocalDate since, String replacement) {}

  public static final String LITE = "gemini-3.1-flash-lite-image";
  public static final String FLASH = "gemini-3.1-flash-image";
  public static final String PRO = "gemini-3-pro-image";
  public static final String FLASH_21 = "gemini-nano-banana-2.1";

  private static final List<KnownModel> MODELS =
      List.of(
          // The model card: Batch is supported, Flex and Priority are not.
          new KnownModel(LITE, "Nano Banana 2 Lite", EnumSet.of(ImageSize.K1), List.of("nano-banana-2-lite"),
              EnumSet.of(Lane.STANDARD, Lane.BATCH), Optional.empty()),
          new KnownModel(FLASH, "Nano Banana 2", EnumSet.allOf(ImageSize.class), List.of("nano-banana-2"),
              EnumSet.allOf(Lane.class), Optional.of(new Deprecation(java.time.LocalDate.of(2026, 10, 6), FLASH_21))),
          // GA 2026-10-06 as the replacement of gemini-3.1-flash-image: 1K, 2K and 4K (512 is a 400).
          new KnownModel(FLASH_21, "Nano Banana 2.1", EnumSet.of(ImageSize.K1, ImageSize.K2, ImageSize.K4), List.of("nano-banana-2.1"),
              EnumSet.allOf(Lane.class), Optional.empty()),
          new KnownModel(
              PRO,
              "Nano Banana Pro",
              EnumSet.of(ImageSize.K1, ImageSize.K2, ImageSize.K4),
              List.of("nano-banana-pro"),
              EnumSet.of(Lane.STANDARD, Lane.BATCH),
              Optional.empty()));

  private static final Map<String, KnownModel> BY_NAME = index();

  private ModelCatalog() {}

  /** The canonical id for a name or alias; unknown names come back trimmed and unchanged. */
  public static String canonical(String name) {
    return find(name).map(KnownModel::id).orElse(name.trim());
  }

  public static Optional<KnownModel> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /**
   * The largest size at or below {@code wanted} that the model renders, else its smallest (Lite renders only 1K).
   */
  public static ImageSize fit(String model, ImageSize wanted) {
    Optional<KnownModel> known = find(model);
    if (known.isEmpty() || known.get().sizes().contains(wanted)) return wanted;
    Set<ImageSize> sizes = known.get().sizes();
    ImageSize below = null;
    ImageSize smallest = null;
    for (ImageSize s : ImageSize.values()) {
      if (!sizes.contains(s)) continue;
      if (smallest == null) smallest = s;
      if (s.ordinal() <= wanted.ordinal()) below = s;
    }
    return below != null ? below : smallest;
  }

  /** Thinking levels a model takes ({@code --thinking}), the default first as the API applies it; empty: none. */
  public static List<String> thinkingLevels(String model) {
    return canonical(model).equals(FLASH_21) ? List.of("medium", "minimal", "high") : List.of();
  }

  /** The provider's deprecation of {@code model}, if it has one. */
  public static Optional<Deprecation> deprecation(String model) {
    return find(model).flatMap(KnownModel::deprecation);
  }

  public static List<KnownModel> all() {
    return MODELS;
  }

  private static Map<String, KnownModel> index() {
    var map = new java.util.HashMap<String, KnownModel>();
    for (KnownModel m : MODELS) {
      map.put(m.id(), m);
      for (String a : m.aliases()) map.put(a, m);
    }
    return Map.copyOf(map);
  }
}
