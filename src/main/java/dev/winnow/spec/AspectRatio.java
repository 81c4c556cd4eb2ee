package dev.winnow.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A width:height ratio such as 16:9, kept in lowest terms. */
public record AspectRatio(int width, int height) {
  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,3})\\s*[:x/]\\s*(\\d{1,3})\\s*");

  public AspectRatio {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("aspect ratio sides must be positive (got " + width + ":" + height + ")");
    }
    int g = gcd(width, height);
    width /= g;
    height /= g;
  }

  public static final AspectRatio SQUARE = new AspectRatio(1, 1);

  public static Optional<AspectRatio> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = FORM.matcher(text);
    if (!m.matches()) return Optional.empty();
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    if (w == 0 || h == 0) return Optional.empty();
    return Optional.of(new AspectRatio(w, h));
  }

  public double value() {
    return (double) width / height;
  }

  /**
   * Pixel dimensions for a size class: the pixel area of {@code size.base()}², this ratio, each side a multiple
   * of 16 (as the Gemini image models return, e.g. 1K 16:9 is 1376x768 there and 1360x768 here).
   */
  public int[] pixels(ImageSize size) {
    double area = (double) size.base() * size.base();
    double w = Math.sqrt(area * value());
    double h = w / value();
    return new int[] {roundTo16(w), roundTo16(h)};
  }

  private static int roundTo16(double v) {
    return Math.max(16, (int) Math.round(v / 16.0) * 16);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public String toString() {
    return width + ":" + height;
  }
}
