package dev.winnow.screen;

import java.awt.image.BufferedImage;

/**
 * Everything the screen measures, from one pass over the decoded pixels: a luma grid box-averaged to a fixed
 * working width (so thresholds do not depend on resolution), colour counts for the two-tone test, and from the grid
 * the brightness, contrast, sharpness and perceptual hash.
 */
final class Measure {
  static final int WORK_WIDTH = 256;
  private static final int STRIP = 64;

  /** Cells per side of the colour layout a near-duplicate must also match. */
  static final int COLOUR_SIDE = 4;

  /**
   * Measured values plus what the metrics record does not keep: the two-tone test, and the colour layout (mean red,
   * green and blue of a 4x4 grid of cells) that tells a recoloured picture from a copy, since the hash sees luma only.
   */
  record Result(ImageMetrics metrics, boolean twoTone, float[] colours) {}

  private Measure() {}

  static Result of(BufferedImage image) {
    int w = image.getWidth(), h = image.getHeight();
    int gw = Math.min(WORK_WIDTH, w);
    int gh = Math.max(1, (int) Math.round((double) h * gw / w));
    double[] sum = new double[gw * gh];
    int[] count = new int[gw * gh];
    int[] bins = new int[4096];
    double lumaSum = 0;
    long[] colourSums = new long[COLOUR_SIDE * COLOUR_SIDE * 4];
    int[] row = new int[w * STRIP];
    for (int y0 = 0; y0 < h; y0 += STRIP) {
      int rows = Math.min(STRIP, h - y0);
      image.getRGB(0, y0, w, rows, row, 0, w);
      for (int dy = 0; dy < rows; dy++) {
        int gy = (int) ((long) (y0 + dy) * gh / h);
        int base = dy * w;
        for (int x = 0; x < w; x++) {
          int rgb = row[base + x];
          int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
          double luma = 0.299 * r + 0.587 * g + 0.114 * b;
          lumaSum += luma;
          int cell = gy * gw + (int) ((long) x * gw / w);
          sum[cell] += luma;
          count[cell]++;
          bins[((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4)]++;
        }
        // The colour layout from every 4th pixel of every 4th row: a sixteenth of the pixels is plenty for 16 means.
        if (((y0 + dy) & 3) == 0) {
          int cy = (int) ((long) (y0 + dy) * COLOUR_SIDE / h) * COLOUR_SIDE;
          for (int x = 0; x < w; x += 4) {
            int rgb = row[base + x];
            int cell = (cy + (int) ((long) x * COLOUR_SIDE / w)) * 4;
            colourSums[cell] += (rgb >> 16) & 0xff;
            colourSums[cell + 1] += (rgb >> 8) & 0xff;
            colourSums[cell + 2] += rgb & 0xff;
            colourSums[cell + 3]++;
          }
        }
      }
    }
    float[] colours = new float[COLOUR_SIDE * COLOUR_SIDE * 3];
    for (int cell = 0; cell < COLOUR_SIDE * COLOUR_SIDE; cell++) {
      long n = Math.max(1, colourSums[cell * 4 + 3]);
      for (int ch = 0; ch < 3; ch++) colours[cell * 3 + ch] = (float) colourSums[cell * 4 + ch] / n;
    }
    double[] grid = new double[gw * gh];
    for (int i = 0; i < grid.length; i++) grid[i] = count[i] == 0 ? 0 : sum[i] / count[i];
    double mean = lumaSum / ((double) w * h);
    double var = 0;
    for (double v : grid) var += (v - mean) * (v - mean);
    double contrast = Math.sqrt(var / grid.length);
    long hash = PerceptualHash.of(grid, gw, gh);
    return new Result(new ImageMetrics(w, h, mean, contrast, laplacianVariance(grid, gw, gh), hash), twoTone(bins, (long) w * h), colours);
  }

  /** Variance of the 4-neighbour Laplacian: high where there are edges and texture, low when soft. */
  static double laplacianVariance(double[] g, int w, int h) {
    if (w < 3 || h < 3) return 0;
    double sum = 0, sq = 0;
    int n = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        double lap = g[i - 1] + g[i + 1] + g[i - w] + g[i + w] - 4 * g[i];
        sum += lap;
        sq += lap * lap;
        n++;
      }
    }
    double m = sum / n;
    return sq / n - m * m;
  }

  /** Nearly every pixel in at most two colours (at 4 bits per channel): a solid or two-tone image. */
  private static boolean twoTone(int[] bins, long pixels) {
    int first = 0, second = 0;
    for (int c : bins) {
      if (c > first) {
        second = first;
        first = c;
      } else if (c > second) {
        second = c;
      }
    }
    return first + second >= 0.95 * pixels;
  }
}
