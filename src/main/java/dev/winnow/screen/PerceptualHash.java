package dev.winnow.screen;

/**
 * The 64-bit DCT perceptual hash as imagehash computes it: a 32x32 greyscale, its 2-D DCT, the top-left 8x8
 * coefficients (the lowest frequencies), one bit per coefficient above their median. Copies that were resized,
 * recompressed or slightly brightened keep nearly all bits; different pictures differ in about half.
 *
 * <p>One change from imagehash: the greyscale is of the picture without a {@link #MARGIN} at each edge. The border is
 * where a copy differs most (the black corners of a rotated copy, a caption line, the strip a crop removed); leaving
 * it out halves the bits a 2-degree turn flips, which lets the index search a smaller radius.
 */
final class PerceptualHash {
  /** Side of the greyscale square the hash (and the fingerprint's thumbnail) is computed from. */
  static final int N = 32;
  /** Fraction of the width and of the height left out at each edge. */
  static final double MARGIN = 0.06;
  private static final double[][] COS = cosines();

  private PerceptualHash() {}

  /** The hash of a luma grid of any size, without its margin. */
  static long of(double[] grid, int w, int h) {
    return of(shrink(grid, w, h, (int) Math.round(w * MARGIN), (int) Math.round(h * MARGIN)));
  }

  private static long of(double[] small) {
    double[][] dct = dct2(small);
    double[] low = new double[64];
    for (int u = 0; u < 8; u++) for (int v = 0; v < 8; v++) low[u * 8 + v] = dct[u][v];
    double[] sorted = low.clone();
    java.util.Arrays.sort(sorted);
    double median = (sorted[31] + sorted[32]) / 2;
    long bits = 0;
    for (int i = 0; i < 64; i++) if (low[i] > median) bits |= 1L << i;
    return bits;
  }

  static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Box-averages a luma grid to {@code N x N}. */
  static double[] shrink(double[] g, int w, int h) {
    return shrink(g, w, h, 0, 0);
  }

  /** Box-averages a luma grid, without {@code mx} columns and {@code my} rows at each edge, to {@code N x N}. */
  private static double[] shrink(double[] g, int w, int h, int mx, int my) {
    // A grid too small for its margin keeps at least its middle column and row.
    int iw = Math.max(1, w - 2 * mx), ih = Math.max(1, h - 2 * my);
    int left = (w - iw) / 2, top = (h - ih) / 2;
    double[] out = new double[N * N];
    for (int y = 0; y < N; y++) {
      int y0 = top + y * ih / N, y1 = Math.max(y0 + 1, top + (y + 1) * ih / N);
      for (int x = 0; x < N; x++) {
        int x0 = left + x * iw / N, x1 = Math.max(x0 + 1, left + (x + 1) * iw / N);
        double s = 0;
        int n = 0;
        for (int yy = y0; yy < Math.min(y1, h); yy++) {
          for (int xx = x0; xx < Math.min(x1, w); xx++) {
            s += g[yy * w + xx];
            n++;
          }
        }
        out[y * N + x] = n == 0 ? 0 : s / n;
      }
    }
    return out;
  }

  private static double[][] dct2(double[] a) {
    double[][] rows = new double[N][N];
    for (int y = 0; y < N; y++) {
      for (int u = 0; u < 8; u++) {
        double s = 0;
        for (int x = 0; x < N; x++) s += a[y * N + x] * COS[u][x];
        rows[y][u] = s;
      }
    }
    double[][] out = new double[8][8];
    for (int v = 0; v < 8; v++) {
      for (int u = 0; u < 8; u++) {
        double s = 0;
        for (int y = 0; y < N; y++) s += rows[y][u] * COS[v][y];
        out[v][u] = s;
      }
    }
    return out;
  }

  private static double[][] cosines() {
    double[][] c = new double[8][N];
    for (int u = 0; u < 8; u++) for (int x = 0; x < N; x++) c[u][x] = Math.cos(Math.PI * u * (2 * x + 1) / (2.0 * N));
    return c;
  }
}
