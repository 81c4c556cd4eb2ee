package dev.winnow.screen;

/**
 * Compares the colour layouts {@link Measure} records (mean red, green, blue of a 4x4 grid of cells). The perceptual
 * hash sees luma only, so the same composition in other colours (a wallpaper's cold, warm and dark editions) hashes
 * alike; their chromaticity differs. Chromaticity (each channel over the cell's sum) ignores brightening and
 * darkening, which copies do go through.
 */
final class ColourLayout {
  private ColourLayout() {}

  /** The layout as stored: one byte per channel per cell. */
  static byte[] toBytes(float[] layout) {
    byte[] out = new byte[layout.length];
    for (int i = 0; i < layout.length; i++) out[i] = (byte) Math.round(Math.max(0, Math.min(255, layout[i])));
    return out;
  }

  /** The stored layout back, or null when there is none (or it is of another shape). */
  static float[] fromBytes(byte[] stored) {
    if (stored == null || stored.length != Measure.COLOUR_SIDE * Measure.COLOUR_SIDE * 3) return null;
    float[] out = new float[stored.length];
    for (int i = 0; i < stored.length; i++) out[i] = stored[i] & 0xff;
    return out;
  }

  /** Mean absolute chromaticity difference over cells and channels, in 0-255 units; 0 for identical colours. */
  static double distance(float[] a, float[] b) {
    int cells = a.length / 3;
    double total = 0;
    for (int c = 0; c < cells; c++) {
      double sumA = 1 + a[3 * c] + a[3 * c + 1] + a[3 * c + 2];
      double sumB = 1 + b[3 * c] + b[3 * c + 1] + b[3 * c + 2];
      for (int ch = 0; ch < 3; ch++) total += Math.abs(a[3 * c + ch] / sumA - b[3 * c + ch] / sumB);
    }
    return 255 * total / (cells * 3);
  }
}
