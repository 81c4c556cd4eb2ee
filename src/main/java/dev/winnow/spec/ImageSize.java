package dev.winnow.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Output size classes as the Gemini image models name them ({@code imageConfig.imageSize}). The number is the
 * side of a square image of the same pixel area; other aspect ratios keep that area.
 */
public enum ImageSize {
  S512("512", 512),
  K1("1K", 1024),
  K2("2K", 2048),
  K4("4K", 4096);

  private final String label;
  private final int base;

  ImageSize(String label, int base) {
    this.label = label;
    this.base = base;
  }

  /** The name the API and the CLI use: {@code 512}, {@code 1K}, {@code 2K}, {@code 4K}. */
  public String label() {
    return label;
  }

  /** Side of the square with this size's pixel area. */
  public int base() {
    return base;
  }

  public static Optional<ImageSize> parse(String text) {
    if (text == null) return Optional.empty();
    String t = text.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.label.equals(t)).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(ImageSize::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
