package dev.winnow.screen;

/**
 * Compares the colour layouts {@link Measure} records (mean red, green, blue of a 4x4 grid of cells). The perceptual
 * hash sees luma only, so the same composition in other colours (a wallpaper's cold, warm and dark editions) hashes
 * alike; their chromaticity differs. Chromaticity (each channel over the cell's sum) ignores brightening and
 * darkening, which copies do go through. Each cell's sum is offset by {@value #DARK_DAMPING}, so the chromaticity of
 * a near-black cell, which is mostly noise and rounding, counts for little.
 */
final class ColourLayout {
  private static final double DARK_DAMPING = 48;

  private ColourLayout() {}

  /** Whether a stored layout has the shape {@link Measure} makes (rows from before it was kept have none). */
  static boolean valid(byte[] layout) {
    return layout != null && layout.length == Measure.COLOUR_SIDE * Measure.COLOUR_SIDE * 3;
  }

  /** Mean absolute chromaticity difference over cells and channels, in 0-255 units; 0 for identical colours. */
  static double distance(byte[] a, byte[] b) {
    int cells = a.length / 3;
    double total = 0;
    for (int c = 0; c < cells; c++) {
      double sumA = DARK_DAMPING + (a[3 * c] & 0xff) + (a[3 * c + 1] & 0xff) + (a[3 * c + 2] & 0xff);
      double sumB = DARK_DAMPING + (b[3 * c] & 0xff) + (b[3 * c + 1] & 0xff) + (b[3 * c + 2] & 0xff);
      for (int ch = 0; ch < 3; ch++) total += Math.abs((a[3 * c + ch] & 0xff) / sumA - (b[3 * c + ch] & 0xff) / sumB);
    }
    return 255 * total / (cells * 3);
  }
}
