package dev.winnow.screen;

import java.awt.image.BufferedImage;

/**
 * Everything the screen measures, from one pass over the decoded pixels: a luma grid box-averaged to a fixed working
 * width (so thresholds do not depend on resolution), colour counts for the two-tone test, a coarse colour layout, and
 * from the grid the brightness, contrast, sharpness, perceptual hash and near-duplicate fingerprint.
 *
 * <p>Large images are sampled, not read whole: every {@code step}-th pixel of every {@code step}-th row, with the step
 * chosen so each grid cell still gets at least four samples. Averages over a cell barely move (the grid is a low-pass
 * view anyway), and it keeps measuring a small fraction of the cost of decoding.
 */
final class Measure {
  static final int WORK_WIDTH = 256;

  /** Measured values plus what the metrics record does not keep: the two-tone test and the fingerprint. */
  record Result(ImageMetrics metrics, boolean twoTone, Fingerprint fingerprint) {}

  private Measure() {}

  static Result of(BufferedImage image) {
    int w = image.getWidth(), h = image.getHeight();
    int gw = Math.min(WORK_WIDTH, w);
    int gh = Math.max(1, (int) Math.round((double) h * gw / w));
    // Half a cell: two samples per cell side.
    int step = Math.max(1, w / (2 * gw));
    Pixels pixels = new Pixels(image, step);
    int samples = pixels.samplesPerRow();
    int[] cellX = new int[samples], colourX = new int[samples];
    for (int i = 0; i < samples; i++) {
      cellX[i] = (int) ((long) i * step * gw / w);
      colourX[i] = (int) ((long) i * step * Fingerprint.COLOUR_SIDE / w);
    }
    long[] sum = new long[gw * gh];
    int[] count = new int[gw * gh];
    long[] colour = new long[Fingerprint.COLOUR_SIDE * Fingerprint.COLOUR_SIDE * 4];
    int[] bins = new int[4096];
    long lumaSum = 0;
    int[] row = new int[samples];
    for (int y = 0; y < h; y += step) {
      pixels.row(y, row);
      int gy = (int) ((long) y * gh / h);
      int base = gy * gw;
      int colourBase = (int) ((long) y * Fingerprint.COLOUR_SIDE / h) * Fingerprint.COLOUR_SIDE;
      for (int i = 0; i < samples; i++) {
        int rgb = row[i];
        int r = rgb >>> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        // Rec. 601 weights in 1/1024ths; the sum keeps ten extra bits until the division at the end.
        int luma = 306 * r + 601 * g + 117 * b;
        lumaSum += luma;
        int cell = base + cellX[i];
        sum[cell] += luma;
        count[cell]++;
        int c = (colourBase + colourX[i]) * 4;
        colour[c] += r;
        colour[c + 1] += g;
        colour[c + 2] += b;
        colour[c + 3]++;
        bins[((r >> 4) << 8) | (g & 0xf0) | (b >> 4)]++;
      }
    }
    long sampled = 0;
    double[] grid = new double[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      sampled += count[i];
      grid[i] = count[i] == 0 ? 0 : sum[i] / 1024.0 / count[i];
    }
    fillEmptyCells(grid, count, gw, gh);
    double mean = lumaSum / 1024.0 / sampled;
    double var = 0;
    for (double v : grid) var += (v - mean) * (v - mean);
    double contrast = Math.sqrt(var / grid.length);
    double[] thumb = PerceptualHash.shrink(grid, gw, gh);
    long hash = PerceptualHash.of(grid, gw, gh);
    ImageMetrics metrics = new ImageMetrics(w, h, mean, contrast, laplacianVariance(grid, gw, gh), hash);
    return new Result(metrics, twoTone(bins, sampled), Fingerprint.of(hash, w, h, mean, thumb, colour));
  }

  /** With sampling, a grid row or column can fall between samples on odd sizes; it takes its neighbour's value. */
  private static void fillEmptyCells(double[] grid, int[] count, int w, int h) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        if (count[i] != 0) continue;
        if (x > 0) grid[i] = grid[i - 1];
        else if (y > 0) grid[i] = grid[i - w];
      }
    }
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
