package dev.winnow.screen;

import java.awt.image.BufferedImage;

/**
 * Everything the screen measures, from one pass over the decoded pixels: a luma grid box-averaged to a fixed
 * working width (so thresholds do not depend on resolution), colour counts for the two-tone test, and from the grid
 * the brightness, contrast, sharpness and perceptual hash.
 */
final class Measure {
  static final int WORK_WIDTH = 256;

  /** Cells per side of the colour layout a near-duplicate must also match. */
  static final int COLOUR_SIDE = 4;

  /**
   * Measured values plus the two-tone test, which needs colour counts the metrics record does not keep.
   */
  record Result(ImageMetrics metrics, boolean twoTone) {}

  private Measure() {}

  static Result of(BufferedImage image) {
    int w = image.getWidth(), h = image.getHeight();
    int gw = Math.min(WORK_WIDTH, w);
    int gh = Math.max(1, (int) Math.round((double) h * gw / w));
    // Pixels are sampled on a grid of step x step: at least two samples per working cell each way, so the box average
    // behind brightness, contrast, sharpness and the hash barely moves, at a quarter of the reads on a 1K image.
    int step = Math.max(1, w / (2 * WORK_WIDTH));
    Pixels pixels = new Pixels(image, step);
    int samples = pixels.samplesPerRow();
    // Integer luma x 256 (Rec. 601 weights 77/150/29), summed per grid cell; the grid column of every sample once.
    long[] sum = new long[gw * gh];
    int[] count = new int[gw * gh];
    int[] column = new int[samples];
    int[] colourColumn = new int[samples];
    for (int i = 0; i < samples; i++) {
      column[i] = (int) ((long) i * step * gw / w);
      colourColumn[i] = (int) ((long) i * step * COLOUR_SIDE / w);
    }
    int[] bins = new int[4096];
    long binned = 0;
    long lumaSum = 0;
    long sampled = 0;
    long[] colourSums = new long[COLOUR_SIDE * COLOUR_SIDE * 4];
    int[] row = new int[samples];
    for (int y = 0; y < h; y += step) {
      pixels.row(y, row);
      int rowBase = (int) ((long) y * gh / h) * gw;
      int colourRow = (int) ((long) y * COLOUR_SIDE / h) * COLOUR_SIDE;
      boolean colourLine = ((y / step) & 3) == 0;
      long rowLuma = 0;
      for (int i = 0; i < samples; i++) {
        int rgb = row[i];
        int luma = 77 * ((rgb >> 16) & 0xff) + 150 * ((rgb >> 8) & 0xff) + 29 * (rgb & 0xff);
        rowLuma += luma;
        int cell = rowBase + column[i];
        sum[cell] += luma;
        count[cell]++;
        // Colour counts for the two-tone test, and every 4th sample of every 4th line for the colour layout.
        bins[((rgb >> 12) & 0xf00) | ((rgb >> 8) & 0xf0) | ((rgb >> 4) & 0xf)]++;
        if (colourLine && (i & 3) == 0) {
          int c = (colourRow + colourColumn[i]) * 4;
          colourSums[c] += (rgb >> 16) & 0xff;
          colourSums[c + 1] += (rgb >> 8) & 0xff;
          colourSums[c + 2] += rgb & 0xff;
          colourSums[c + 3]++;
        }
      }
      lumaSum += rowLuma;
      sampled += samples;
      binned += samples;
    }
    byte[] colours = new byte[COLOUR_SIDE * COLOUR_SIDE * 3];
    for (int cell = 0; cell < COLOUR_SIDE * COLOUR_SIDE; cell++) {
      long n = Math.max(1, colourSums[cell * 4 + 3]);
      for (int ch = 0; ch < 3; ch++) colours[cell * 3 + ch] = (byte) Math.round((double) colourSums[cell * 4 + ch] / n);
    }
    double[] grid = new double[gw * gh];
    for (int i = 0; i < grid.length; i++) grid[i] = count[i] == 0 ? 0 : sum[i] / 256.0 / count[i];
    double mean = lumaSum / 256.0 / sampled;
    double var = 0;
    for (double v : grid) var += (v - mean) * (v - mean);
    double contrast = Math.sqrt(var / grid.length);
    long hash = PerceptualHash.of(grid, gw, gh);
    return new Result(new ImageMetrics(w, h, mean, contrast, laplacianVariance(grid, gw, gh), hash, colours), twoTone(bins, binned));
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
