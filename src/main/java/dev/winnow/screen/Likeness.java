package dev.winnow.screen;

/**
 * How alike two fingerprints are once lined up ({@link Alignment}), and whether that makes them one picture. The
 * thumbnails are z-scores, so their correlation ignores brightness and contrast; those, and colour, are compared
 * separately, because a darker, flatter or recoloured version of a picture is a different picture.
 *
 * @param correlation normalised cross-correlation of the lined-up thumbnails, leaving out the tenth of the points that
 *     disagree most (a watermark, a logo); 1 means the same up to brightness and contrast
 * @param structure the same correlation with each row's and each column's mean taken out of both thumbnails: what is
 *     left is where things are (a sun, the peaks of a ridge, a skyline), without the gradient from a bright sky to a dark
 *     ground that any two pictures of one kind of scene share
 * @param chromaDistance mean distance of the lined-up colour layouts' chroma (Cb, Cr), in 0-255 units
 * @param hueShift mean hue angle difference of the lined-up colour layouts in radians, each cell weighted by its
 *     smaller chroma so that grey cells, whose hue is noise, do not count
 * @param brightnessShift mean luma of b minus that of a, 0-255
 * @param spreadRatio the larger luma standard deviation over the smaller, measured where the thumbnails are compared
 *     and agree (the points the correlation keeps)
 * @param aspectRatio the wider width-to-height ratio over the narrower
 */
record Likeness(double correlation, double structure, double chromaDistance, double hueShift, double brightnessShift, double spreadRatio, double aspectRatio) {
  /**
   * Below this luma standard deviation (0-255, over the 32x32 thumbnail) a picture is nearly a solid fill: its
   * z-scores are noise, and two of them would "correlate" by chance. Such pictures are never called copies.
   */
  static final double MIN_SPREAD = 0.5;
  /** A crop of a few percent keeps the aspect within 5%; another aspect is another picture. */
  static final double MAX_ASPECT_RATIO = 1.1;
  /** A 10% brightening moves mean luma by up to 25; a picture darkened to a sixth of its exposure mostly by 60 and more. */
  static final double MAX_BRIGHTNESS_SHIFT = 40;
  /**
   * Copies keep their contrast, where they agree, within a factor 1.6 (brightening clips highlights; a watermark adds
   * a little); the same gradient from black to white and from dark grey to mid grey differ by 3, a contrast squeeze to
   * 16% by 6.
   */
  static final double MAX_SPREAD_RATIO = 2;
  /** Brightening a saturated picture moves chroma by up to 13; a recolour, such as warm for cold, by about 20. */
  static final double MAX_CHROMA_DISTANCE = 20;
  /** Copies turn hue by at most about 2 (weighted radians); a colour grade from cyan to yellow-green turns it 4. */
  static final double MAX_HUE_SHIFT = 3;
  /**
   * Copies correlate at 0.99 typically and 99% of them above 0.91 (the hard case is a big watermark on a flat
   * picture); the light and dark renderings of one artwork come closest among different pictures, at 0.929.
   */
  static final double MIN_CORRELATION = 0.93;
  /**
   * Copies keep their structure: 95% of them correlate above 0.95 there, 99% above 0.87 (the misses are big watermarks
   * on low-detail pictures). Two generated skies with the sun or the peaks elsewhere correlate at 0.99 overall but at
   * 0.74 typically here, 90% of them below 0.89 (bench/screen/RESULTS.md, LocalDuplicateEval).
   */
  static final double MIN_STRUCTURE = 0.9;

  /**
   * Whether two fingerprints are of one picture: the cheap tests first, the alignment only if they pass. The pair is
   * put in a fixed order first (the alignment maps one onto the other), so the answer is the same either way round.
   */
  static boolean sameImage(Fingerprint a, Fingerprint b) {
    if (!comparable(a) || !comparable(b)) return false;
    // The same file twice, or two encodings of one image that measure alike: nothing to line up.
    if (a.equals(b)) return true;
    if (a.compareForPairing(b) > 0) return sameImage(b, a);
    if (aspectRatio(a, b) > MAX_ASPECT_RATIO) return false;
    if (Math.abs(b.brightness() - a.brightness()) > MAX_BRIGHTNESS_SHIFT) return false;
    return of(a, b).sameImage();
  }

  /** Whether a fingerprint has enough structure to be compared at all (see {@link #MIN_SPREAD}). */
  static boolean comparable(Fingerprint f) {
    return f.spread() >= MIN_SPREAD;
  }

  boolean sameImage() {
    return aspectRatio <= MAX_ASPECT_RATIO && Math.abs(brightnessShift) <= MAX_BRIGHTNESS_SHIFT
        && spreadRatio <= MAX_SPREAD_RATIO && chromaDistance <= MAX_CHROMA_DISTANCE && hueShift <= MAX_HUE_SHIFT
        && correlation >= MIN_CORRELATION && structure >= MIN_STRUCTURE;
  }

  static Likeness of(Fingerprint a, Fingerprint b) {
    double aspect = (double) b.width() / b.height();
    Alignment lined = Alignment.of(a.zScores(), b.zScores(), aspect);
    // Contrast where the thumbnails are compared and agree: black corners, a caption or a watermark do not count.
    double spreadRatio = lined.overlaps() ? a.spread() / Math.max(1e-3, b.spread()) * lined.spreadRatio() : Double.POSITIVE_INFINITY;
    double[] colour = colourDifference(a, b, lined.warp(), aspect);
    return new Likeness(lined.correlation(), lined.structure(), colour[0], colour[1], b.brightness() - a.brightness(), Math.max(spreadRatio, 1 / spreadRatio), aspectRatio(a, b));
  }

  private static double aspectRatio(Fingerprint a, Fingerprint b) {
    double ra = (double) a.width() / a.height(), rb = (double) b.width() / b.height();
    return Math.max(ra, rb) / Math.min(ra, rb);
  }

  /** {chroma distance, hue shift} over b's colour cells, each compared with a's colour where the warp puts it. */
  private static double[] colourDifference(Fingerprint a, Fingerprint b, Alignment.Warp w, double aspect) {
    int n = Fingerprint.COLOUR_SIDE;
    double[] la = blurredLayout(a), lb = blurredLayout(b), point = new double[2];
    double cos = Math.cos(w.turn()), sin = Math.sin(w.turn());
    double chroma = 0, hue = 0;
    int cells = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double xb = (i + 0.5) / n, yb = (j + 0.5) / n;
        w.map(xb, yb, aspect, cos, sin, point);
        if (point[0] < 0 || point[0] > 1 || point[1] < 0 || point[1] > 1) continue;
        double[] ca = chromaAt(la, point[0], point[1]), cb = chromaAt(lb, xb, yb);
        chroma += Math.hypot(ca[0] - cb[0], ca[1] - cb[1]);
        double turn = Math.abs(Math.atan2(ca[1], ca[0]) - Math.atan2(cb[1], cb[0]));
        hue += Math.min(Math.hypot(ca[0], ca[1]), Math.hypot(cb[0], cb[1])) * Math.min(turn, 2 * Math.PI - turn);
        cells++;
      }
    }
    return cells == 0 ? new double[] {0, 0} : new double[] {chroma / cells, hue / cells};
  }

  /**
   * The colour layout as r, g, b per cell, each cell averaged with its neighbours: a crop shifts cell boundaries by
   * a fifth of a cell, which would otherwise read as a colour change where colour varies fast.
   */
  private static double[] blurredLayout(Fingerprint f) {
    int n = Fingerprint.COLOUR_SIDE;
    double[] out = new double[n * n * 3];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int count = 0;
        for (int yy = Math.max(0, y - 1); yy <= Math.min(n - 1, y + 1); yy++) {
          for (int xx = Math.max(0, x - 1); xx <= Math.min(n - 1, x + 1); xx++) {
            for (int ch = 0; ch < 3; ch++) out[(y * n + x) * 3 + ch] += f.colour(yy * n + xx, ch);
            count++;
          }
        }
        for (int ch = 0; ch < 3; ch++) out[(y * n + x) * 3 + ch] /= count;
      }
    }
    return out;
  }

  /** BT.601 (Cb, Cr) of a layout at (x, y) in unit coordinates, bilinear between cell centres. */
  private static double[] chromaAt(double[] layout, double x, double y) {
    int n = Fingerprint.COLOUR_SIDE;
    double fx = Math.min(n - 1, Math.max(0, x * n - 0.5)), fy = Math.min(n - 1, Math.max(0, y * n - 0.5));
    int ix = Math.min(n - 2, (int) fx), iy = Math.min(n - 2, (int) fy);
    double dx = fx - ix, dy = fy - iy;
    double[] rgb = new double[3];
    for (int ch = 0; ch < 3; ch++) {
      double top = layout[(iy * n + ix) * 3 + ch] * (1 - dx) + layout[(iy * n + ix + 1) * 3 + ch] * dx;
      double bottom = layout[((iy + 1) * n + ix) * 3 + ch] * (1 - dx) + layout[((iy + 1) * n + ix + 1) * 3 + ch] * dx;
      rgb[ch] = top * (1 - dy) + bottom * dy;
    }
    return new double[] {
      -0.168736 * rgb[0] - 0.331264 * rgb[1] + 0.5 * rgb[2], 0.5 * rgb[0] - 0.418688 * rgb[1] - 0.081312 * rgb[2]
    };
  }
}
