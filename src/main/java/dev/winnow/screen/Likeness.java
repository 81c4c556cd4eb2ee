package dev.winnow.screen;

import java.util.Arrays;

/**
 * How alike two fingerprints are once lined up, and whether that makes them one picture. A copy that was cropped a
 * few percent or turned a degree or two is a scaled, shifted and turned view of the original, so b's thumbnail is
 * compared with a's through the {@link Warp} that correlates best, found by hill-climbing from the identity. The
 * thumbnails are z-scores, so the correlation ignores brightness and contrast; those, and colour, are compared
 * separately, because a darker, flatter or recoloured version of a picture is a different picture.
 *
 * <p>Everything is measured inside a margin ({@link PerceptualHash#MARGIN}): a rotated copy's black corners and a
 * caption line live in the border.
 *
 * @param correlation normalised cross-correlation of the lined-up thumbnails, leaving out the tenth of the points that
 *     disagree most (a watermark, a logo); 1 means the same up to brightness and contrast
 * @param chromaDistance mean distance of the lined-up colour layouts' chroma (Cb, Cr), in 0-255 units
 * @param hueShift mean hue angle difference of the lined-up colour layouts in radians, each cell weighted by its
 *     smaller chroma so that grey cells, whose hue is noise, do not count
 * @param brightnessShift mean luma of b minus that of a, 0-255
 * @param spreadRatio the larger luma standard deviation over the smaller, measured where the thumbnails are compared
 *     and agree (the points the correlation keeps)
 * @param aspectRatio the wider width-to-height ratio over the narrower
 */
record Likeness(double correlation, double chromaDistance, double hueShift, double brightnessShift, double spreadRatio, double aspectRatio) {
  /**
   * Below this luma standard deviation (0-255, over the 32x32 thumbnail) a picture is nearly a solid fill: its
   * z-scores are noise, and two of them would "correlate" by chance. Such pictures are never called copies.
   */
  static final double MIN_SPREAD = 0.5;
  /** A crop of a few percent keeps the aspect within 5%; another aspect is another picture. */
  static final double MAX_ASPECT_RATIO = 1.1;
  /** A 10% brightening moves mean luma by up to 25; a picture darkened to a sixth of its exposure moves 80 and more. */
  static final double MAX_BRIGHTNESS_SHIFT = 40;
  /**
   * Copies keep their contrast, where they agree, within a factor 1.6 (brightening clips highlights; a watermark adds
   * a little); the same gradient from black to white and from dark grey to mid grey differ by 3, a contrast squeeze to
   * 16% by 6.
   */
  static final double MAX_SPREAD_RATIO = 2;
  /** Brightening a saturated picture moves chroma by up to 13; a recolour, such as warm for cold, by 20 and more. */
  static final double MAX_CHROMA_DISTANCE = 20;
  /** Copies turn hue by at most about 2 (weighted radians); a colour grade from cyan to yellow-green turns it 4. */
  static final double MAX_HUE_SHIFT = 3;
  /** Copies correlate at 0.94 and up (most at 0.99); different pictures that pass the other tests below 0.9. */
  static final double MIN_CORRELATION = 0.93;

  private static final int SIDE = Fingerprint.SIDE;
  private static final double MARGIN = PerceptualHash.MARGIN;
  /** Alignment is searched on a coarser grid than the final correlation: a seventh of the cost, the same optimum. */
  private static final int SEARCH = 12;
  /** Two rounds of steps, the second at half size, find the optimum to about a tenth of a thumbnail pixel. */
  private static final int ROUNDS = 2;
  private static final double TRIM = 0.1;

  /**
   * Whether two fingerprints are of one picture: the cheap tests first, the alignment only if they pass. The pair is
   * put in a fixed order first (the alignment maps one onto the other), so the answer is the same either way round.
   */
  static boolean sameImage(Fingerprint a, Fingerprint b) {
    if (!comparable(a) || !comparable(b)) return false;
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
        && correlation >= MIN_CORRELATION;
  }

  static Likeness of(Fingerprint a, Fingerprint b) {
    double[] za = a.zScores(), zb = b.zScores();
    double aspect = (double) b.width() / b.height();
    Warp w = align(za, Grid.of(zb, SEARCH), aspect);
    Samples s = Grid.of(zb, SIDE).pair(za, w, aspect).trimmed(TRIM);
    // Contrast where the thumbnails are compared and agree: black corners, a caption or a watermark do not count.
    double spreadRatio = s.count() == 0 ? Double.POSITIVE_INFINITY : a.spread() / Math.max(1e-3, b.spread()) * s.spreadRatio();
    double[] colour = colourDifference(a, b, w, aspect);
    return new Likeness(s.correlation(), colour[0], colour[1], b.brightness() - a.brightness(), Math.max(spreadRatio, 1 / spreadRatio), aspectRatio(a, b));
  }

  private static double aspectRatio(Fingerprint a, Fingerprint b) {
    double ra = (double) a.width() / a.height(), rb = (double) b.width() / b.height();
    return Math.max(ra, rb) / Math.min(ra, rb);
  }

  /** Where a point of b lies in a: a turn about the centre, then per-axis scale and offset. */
  record Warp(double sx, double ox, double sy, double oy, double turn) {
    static final Warp IDENTITY = new Warp(1, 0, 1, 0, 0);
    private static final double MAX_SCALE = 1.15, MAX_OFFSET = 0.1, MAX_TURN = 0.06;

    Warp step(int k, double by) {
      return new Warp(sx + (k == 0 ? by : 0), ox + (k == 1 ? by : 0), sy + (k == 2 ? by : 0), oy + (k == 3 ? by : 0), turn + (k == 4 ? by : 0));
    }

    /** Crops up to 13%, shifts up to 10% and turns up to 3.4 degrees: beyond that it is not a copy. */
    boolean allowed() {
      return sx >= 1 / MAX_SCALE && sx <= MAX_SCALE && sy >= 1 / MAX_SCALE && sy <= MAX_SCALE
          && Math.abs(ox) <= MAX_OFFSET && Math.abs(oy) <= MAX_OFFSET && Math.abs(turn) <= MAX_TURN;
    }

    /**
     * Where b's unit point (x, y) lies in a, written to {@code out}. {@code aspect} is b's width over its height (a turn
     * is in pixels, and unit coordinates of a non-square picture stretch x and y differently); {@code cos} and {@code
     * sin} are of the turn, worked out once by the caller for a whole grid of points.
     */
    void map(double x, double y, double aspect, double cos, double sin, double[] out) {
      double u = x - 0.5, v = y - 0.5;
      double ur = u * cos - v * sin / aspect, vr = v * cos + u * sin * aspect;
      out[0] = sx * ur + 0.5 + ox;
      out[1] = sy * vr + 0.5 + oy;
    }
  }

  /**
   * The hill-climb: try a step either way on each parameter; move every parameter that gained (or, if that joint move
   * does worse, only the one that gained most); halve the steps when nothing gains.
   */
  private static Warp align(double[] a, Grid b, double aspect) {
    Warp w = Warp.IDENTITY;
    double best = b.pair(a, w, aspect).correlation();
    double[] steps = {0.02, 0.01, 0.02, 0.01, 0.01};
    for (int round = 0; round < ROUNDS; round++) {
      for (int guard = 0; guard < 12; guard++) {
        Warp joint = w, single = w;
        double singleBest = best;
        for (int k = 0; k < steps.length; k++) {
          double kBest = best, kStep = 0;
          for (int sign = -1; sign <= 1; sign += 2) {
            Warp q = w.step(k, sign * steps[k]);
            if (!q.allowed()) continue;
            double c = b.pair(a, q, aspect).correlation();
            if (c > kBest + 1e-9) {
              kBest = c;
              kStep = sign * steps[k];
            }
            if (c > singleBest + 1e-9) {
              singleBest = c;
              single = q;
            }
          }
          joint = joint.step(k, kStep);
        }
        if (single == w) break;
        double jointC = joint != single && joint.allowed() ? b.pair(a, joint, aspect).correlation() : -2;
        if (jointC > singleBest) {
          w = joint;
          best = jointC;
        } else {
          w = single;
          best = singleBest;
        }
      }
      for (int k = 0; k < steps.length; k++) steps[k] /= 2;
    }
    return w;
  }

  /** b's thumbnail sampled once on an n x n grid inside the margin; a is sampled wherever a warp maps those points. */
  private record Grid(double[] x, double[] y, double[] values) {
    static Grid of(double[] tb, int n) {
      double[] x = new double[n * n], y = new double[n * n], values = new double[n * n];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          int k = j * n + i;
          x[k] = MARGIN + (1 - 2 * MARGIN) * (i + 0.5) / n;
          y[k] = MARGIN + (1 - 2 * MARGIN) * (j + 0.5) / n;
          values[k] = sample(tb, x[k], y[k]);
        }
      }
      return new Grid(x, y, values);
    }

    /** The grid's values of b paired with a's where w maps each point; points that land outside a are left out. */
    Samples pair(double[] ta, Warp w, double aspect) {
      int size = values.length;
      double[] xs = new double[size], ys = new double[size], point = new double[2];
      double cos = Math.cos(w.turn()), sin = Math.sin(w.turn());
      int m = 0;
      for (int k = 0; k < size; k++) {
        w.map(x[k], y[k], aspect, cos, sin, point);
        if (point[0] < 0 || point[0] > 1 || point[1] < 0 || point[1] > 1) continue;
        xs[m] = sample(ta, point[0], point[1]);
        ys[m] = values[k];
        m++;
      }
      return new Samples(xs, ys, m < Samples.MIN_OVERLAP * size ? 0 : m);
    }
  }

  /** Paired thumbnail values of a and b; fewer than {@link #MIN_OVERLAP} of the grid means no likeness (count 0). */
  private record Samples(double[] a, double[] b, int count) {
    private static final double MIN_OVERLAP = 0.9;

    /**
     * The same points without the fraction {@code trim} whose standardised values differ most: where a watermark, a
     * logo or a caption covers the picture.
     */
    Samples trimmed(double trim) {
      if (count == 0) return this;
      double ma = mean(a), mb = mean(b), sa = Math.sqrt(variance(a)) + 1e-9, sb = Math.sqrt(variance(b)) + 1e-9;
      double[] misfit = new double[count];
      for (int i = 0; i < count; i++) misfit[i] = Math.abs((a[i] - ma) / sa - (b[i] - mb) / sb);
      double[] sorted = Arrays.copyOf(misfit, count);
      Arrays.sort(sorted);
      double limit = sorted[(int) ((1 - trim) * (count - 1))];
      double[] keptA = new double[count], keptB = new double[count];
      int k = 0;
      for (int i = 0; i < count; i++) {
        if (misfit[i] > limit) continue;
        keptA[k] = a[i];
        keptB[k] = b[i];
        k++;
      }
      return new Samples(keptA, keptB, k);
    }

    double correlation() {
      if (count == 0) return 0;
      double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (int i = 0; i < count; i++) {
        sa += a[i];
        sb += b[i];
        saa += a[i] * a[i];
        sbb += b[i] * b[i];
        sab += a[i] * b[i];
      }
      double cov = sab - sa * sb / count, va = saa - sa * sa / count, vb = sbb - sb * sb / count;
      if (va <= 1e-9 || vb <= 1e-9) return 0;
      return cov / Math.sqrt(va * vb);
    }

    /** The standard deviation of a's values over b's. */
    double spreadRatio() {
      return Math.sqrt(variance(a) / Math.max(1e-12, variance(b)));
    }

    private double mean(double[] v) {
      double s = 0;
      for (int i = 0; i < count; i++) s += v[i];
      return count == 0 ? 0 : s / count;
    }

    private double variance(double[] v) {
      double m = mean(v), s = 0;
      for (int i = 0; i < count; i++) s += (v[i] - m) * (v[i] - m);
      return count == 0 ? 0 : s / count;
    }
  }

  /** Bilinear sample at (x, y) in unit coordinates, pixel centres at (i + 0.5) / SIDE. */
  private static double sample(double[] t, double x, double y) {
    double fx = Math.min(SIDE - 1, Math.max(0, x * SIDE - 0.5)), fy = Math.min(SIDE - 1, Math.max(0, y * SIDE - 0.5));
    int ix = Math.min(SIDE - 2, (int) fx), iy = Math.min(SIDE - 2, (int) fy);
    double dx = fx - ix, dy = fy - iy;
    int i = iy * SIDE + ix;
    double top = t[i] + (t[i + 1] - t[i]) * dx, bottom = t[i + SIDE] + (t[i + SIDE + 1] - t[i + SIDE]) * dx;
    return top + (bottom - top) * dy;
  }

  /** {chroma distance, hue shift} over b's colour cells, each compared with a's colour where the warp puts it. */
  private static double[] colourDifference(Fingerprint a, Fingerprint b, Warp w, double aspect) {
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
