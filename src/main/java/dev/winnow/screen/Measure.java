package dev.winnow.screen;

import java.awt.image.BufferedImage;

/**
 * Everything the screen measures, from one pass over the decoded pixels: a luma grid at a fixed working width (so
 * thresholds do not depend on resolution), colour counts for the two-tone test, a coarse colour layout, and from the
 * grid the brightness, contrast, sharpness, perceptual hash and near-duplicate fingerprint.
 *
 * <p>Large images are sampled, not read whole: one pixel per working cell for the luma grid (every {@code step}-th
 * pixel of every {@code step}-th row, {@link #period}), every other one of those for colour. The screen has the decoder
 * keep only those pixels ({@link Decoder#sample}); a whole picture, measured here, gives the same result. Measuring
 * costs a small fraction of decoding (bench/screen/RESULTS.md).
 */
final class Measure {
  static final int WORK_WIDTH = 256;

  /** Measured values plus what the metrics record does not keep: the two-tone test and the fingerprint. */
  record Result(ImageMetrics metrics, boolean twoTone, Fingerprint fingerprint) {}

  private Measure() {}

  /** The sampling period the screen reads an image of this width at: one pixel per working cell each way. */
  static int period(int width) {
    return Math.max(1, width / Math.min(WORK_WIDTH, width));
  }

  static Result of(BufferedImage image) {
    return of(new Decoder.Decoded(image, image.getWidth(), image.getHeight(), 1));
  }

  /**
   * Measures decoded pixels: the whole picture, or the samples {@link Decoder#sample} kept at {@link #period} (the
   * same pixels either way, so the same result).
   */
  static Result of(Decoder.Decoded decoded) {
    int w = decoded.width(), h = decoded.height();
    int gw = Math.min(WORK_WIDTH, w);
    int gh = Math.max(1, (int) Math.round((double) h * gw / w));
    // One sample per working cell each way: the grid is the image point-sampled at the working width. Two samples per
    // cell side cost 2.3x as much to measure (1.5 ms against 0.64 ms a 1K image, 15% of its decode against 6%) and
    // found the same near-duplicates on bench/screen's evaluation set; blur and flatness keep their thresholds.
    int step = period(w);
    if (decoded.period() != 1 && decoded.period() != step) {
      throw new IllegalArgumentException("sampled every " + decoded.period() + " pixels, measured every " + step);
    }
    // Already sampled: read every pixel of every row. Whole: every step-th of every step-th.
    boolean subsampled = decoded.period() == step;
    Pixels pixels = new Pixels(decoded.image(), subsampled ? 1 : step);
    int samples = pixels.samplesPerRow();
    // The samples of grid column x are cellStart[x] .. cellStart[x + 1] - 1.
    int[] cellStart = new int[gw + 1];
    for (int x = 0, i = 0; x <= gw; x++) {
      while (i < samples && (long) i * step * gw / w < x) i++;
      cellStart[x] = i;
    }
    // Colour needs fewer samples than the luma grid: every other sample of every other line still puts hundreds in
    // each of the 64 colour cells and tens of thousands in the two-tone count, at a quarter of the reads.
    int colourSamples = (samples + 1) / 2;
    int[] colourX = new int[colourSamples];
    for (int i = 0; i < colourSamples; i++) colourX[i] = (int) ((long) i * 2 * step * Fingerprint.COLOUR_SIDE / w);
    int[] sum = new int[gw * gh];
    int[] count = new int[gw * gh];
    long[] colour = new long[Fingerprint.COLOUR_SIDE * Fingerprint.COLOUR_SIDE * 4];
    int[] bins = new int[4096];
    long lumaSum = 0, sampled = 0, binned = 0;
    int[] row = new int[samples];
    for (int y = 0, line = 0; y < h; y += step, line++) {
      int source = subsampled ? line : y;
      pixels.luma(source, row);
      int base = (int) ((long) y * gh / h) * gw;
      long rowLuma = 0;
      // Cell by cell, its samples summed in a register: one store per cell.
      for (int x = 0, i = 0; x < gw; x++) {
        int end = cellStart[x + 1], cellLuma = 0;
        for (; i < end; i++) cellLuma += row[i];
        sum[base + x] += cellLuma;
        count[base + x] += end - cellStart[x];
        rowLuma += cellLuma;
      }
      lumaSum += rowLuma;
      sampled += samples;
      if ((line & 1) != 0) continue;
      pixels.row(source, 2, row);
      int colourBase = (int) ((long) y * Fingerprint.COLOUR_SIDE / h) * Fingerprint.COLOUR_SIDE;
      for (int i = 0; i < colourSamples; i++) {
        int rgb = row[i];
        int r = rgb >>> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        int c = (colourBase + colourX[i]) * 4;
        colour[c] += r;
        colour[c + 1] += g;
        colour[c + 2] += b;
        colour[c + 3]++;
        bins[((r >> 4) << 8) | (g & 0xf0) | (b >> 4)]++;
        binned++;
      }
    }
    double[] grid = new double[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = count[i] == 0 ? 0 : sum[i] / 1024.0 / count[i];
    }
    fillEmptyCells(grid, count, gw, gh);
    double mean = lumaSum / 1024.0 / sampled;
    double var = 0;
    for (double v : grid) var += (v - mean) * (v - mean);
    double contrast = Math.sqrt(var / grid.length);
    double[] thumb = PerceptualHash.shrink(grid, gw, gh);
    long hash = PerceptualHash.of(grid, gw, gh);
    ImageMetrics metrics = new ImageMetrics(w, h, mean, contrast, laplacianVariance(grid, gw, gh), EdgeWidth.of(grid, gw, gh), hash);
    return new Result(metrics, twoTone(bins, binned), Fingerprint.of(hash, w, h, mean, thumb, colour));
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
