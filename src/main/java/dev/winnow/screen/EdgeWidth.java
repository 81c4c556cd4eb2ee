package dev.winnow.screen;

/**
 * How wide an image's strong edges are, in pixels of the working grid: the measure that tells a blurred picture from
 * a smooth one. Along every other row and column, each local maximum of the luma slope is an edge; it is followed both
 * ways while the profile keeps rising (or falling) at a fifth of the peak slope or more, and its width is the rise
 * over the peak slope (a clean step is 1 wide, a Gaussian blur of sigma s about 2.3 s). Edges that rise less than
 * {@value #MIN_RISE} grey levels are texture or noise and are not counted. The answer is a low quantile of the widths
 * (the sharper edges decide, so a sharp subject on a soft background is not blurred), or 0 when the image has fewer
 * strong edges than {@value #MIN_EDGES_PER_MILLE} per thousand grid points: a smooth gradient or an empty field has no
 * edge to be blurred.
 */
final class EdgeWidth {
  /** Grey levels an edge must rise or fall to count: JPEG noise, grain and dithering rise a few levels at most. */
  static final double MIN_RISE = 20;

  /**
   * Strong edges per thousand grid points below which an image has nothing to judge: a disc a fifth of the frame
   * high is about 120 edge points of a 16:9 working grid, 3 per thousand.
   */
  static final double MIN_EDGES_PER_MILLE = 2;

  /**
   * Where the edge ends: the slope has fallen under this share of its peak (a Gaussian edge's slope does so 1.8 sigma
   * from its centre). Lower, and a sharp edge next to a gradient borrows the gradient's rise.
   */
  private static final double TAIL = 0.2;

  /**
   * The quantile of widths reported: the sharpest tenth decides. On the wallpapers of bench/screen/blur.sh the 30th
   * percentile called macro photographs with a soft background and misty scenes blurred (14 of 109 originals over
   * 1.7, against 2 at the 10th), while a blurred copy has hardly any sharp edge left to make its tenth.
   */
  static final double QUANTILE = 0.1;

  /**
   * Wider than this (6% of the working width), a rise is a gradient, not an edge. The local backend's out-of-focus
   * drafts measure 7-9; a smooth wallpaper's long ramps are left out instead of counted as very blurred edges.
   */
  static final double MAX_WIDTH = 16;

  private static final int LINE_STEP = 2;
  private static final int BINS = 256;
  private static final double BIN = 0.05;

  private EdgeWidth() {}

  static double of(double[] g, int w, int h) {
    int[] hist = new int[BINS];
    int edges = 0;
    // Every other row and every other column: the widths come out the same on bench/screen/blur.sh's set, at half
    // the cost. Each line is copied out and differenced once, so the search runs on contiguous arrays, columns too.
    double[] line = new double[Math.max(w, h)];
    double[] slope = new double[Math.max(w, h)];
    double[] steep = new double[Math.max(w, h)];
    for (int y = 0; y < h; y += LINE_STEP) {
      System.arraycopy(g, y * w, line, 0, w);
      edges += line(line, slope, steep, w, hist);
    }
    for (int x = 0; x < w; x += LINE_STEP) {
      for (int y = 0; y < h; y++) line[y] = g[y * w + x];
      edges += line(line, slope, steep, h, hist);
    }
    if (edges * LINE_STEP < MIN_EDGES_PER_MILLE * w * h / 1000.0) return 0;
    int target = (int) Math.ceil(QUANTILE * edges), seen = 0;
    for (int b = 0; b < BINS; b++) {
      seen += hist[b];
      if (seen >= target) return 1 + b * BIN;
    }
    return 1 + BINS * BIN;
  }

  /** The strong edges of one line of {@code n} values into the histogram; {@code slope} and {@code steep} are scratch. */
  private static int line(double[] v, double[] slope, double[] steep, int n, int[] hist) {
    for (int i = 0; i < n - 1; i++) {
      slope[i] = v[i + 1] - v[i];
      steep[i] = Math.abs(slope[i]);
    }
    // An edge whose peak slope is under this cannot rise MIN_RISE within MAX_WIDTH.
    double minPeak = MIN_RISE / MAX_WIDTH;
    int reach = (int) (2 * MAX_WIDTH), found = 0;
    for (int i = 1; i < n - 2; i++) {
      double peak = steep[i];
      // One branch, not three: in a textured picture a third of all points are local maxima, unpredictably.
      if (!((peak >= minPeak) & (peak > steep[i - 1]) & (peak >= steep[i + 1]))) continue;
      double d = slope[i];
      double floor = TAIL * peak;
      int lo = i, hi = i;
      if (d > 0) {
        while (lo > 0 && i - lo < reach && slope[lo - 1] >= floor) lo--;
        while (hi < n - 2 && hi - i < reach && slope[hi + 1] >= floor) hi++;
      } else {
        while (lo > 0 && i - lo < reach && -slope[lo - 1] >= floor) lo--;
        while (hi < n - 2 && hi - i < reach && -slope[hi + 1] >= floor) hi++;
      }
      // The rise runs from the start of slope lo to the end of slope hi.
      double rise = Math.abs(v[hi + 1] - v[lo]);
      double width = rise / peak;
      if (rise < MIN_RISE || width > MAX_WIDTH) continue;
      hist[Math.min(BINS - 1, (int) ((width - 1) / BIN))]++;
      found++;
    }
    return found;
  }
}
