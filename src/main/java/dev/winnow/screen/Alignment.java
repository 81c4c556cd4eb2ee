package dev.winnow.screen;

import java.util.Arrays;

/**
 * Two 32x32 thumbnails lined up: a copy that was cropped a few percent or turned a degree or two is a scaled, shifted
 * and turned view of the original, so b is compared with a through the {@link Warp} that correlates best, found by
 * hill-climbing from the identity. Everything is sampled inside a margin ({@link PerceptualHash#MARGIN}), where a
 * rotated copy's black corners and a caption line do not reach.
 *
 * @param warp where each point of b lies in a
 * @param correlation normalised cross-correlation of the lined-up thumbnails, leaving out the tenth of the points that
 *     disagree most (a watermark, a logo); 0 when they overlap too little
 * @param spreadRatio the standard deviation of a's values over b's, on the points the correlation keeps
 * @param overlaps whether enough of b lies inside a to compare them at all
 */
record Alignment(Alignment.Warp warp, double correlation, double structure, double spreadRatio, boolean overlaps) {
  private static final int SIDE = Fingerprint.SIDE;
  private static final double MARGIN = PerceptualHash.MARGIN;
  /** The search samples a coarser grid than the final correlation: a seventh of the cost, the same optimum. */
  private static final int SEARCH = 12;
  /** Two rounds of steps, the second at half size, find the optimum to about a tenth of a thumbnail pixel. */
  private static final int ROUNDS = 2;
  private static final double TRIM = 0.1;
  /**
   * Below this standard deviation (in z-units of the thumbnail) of what rows and columns do not explain, in both
   * pictures, there is no structure to compare: a ramp measures 0, the emptiest of the local backend's skies 0.11.
   */
  private static final double MIN_STRUCTURE_SPREAD = 0.03;

  /** Lines b up with a; {@code aspect} is b's width over its height. */
  static Alignment of(double[] a, double[] b, double aspect) {
    Warp w = align(a, Grid.of(b, SEARCH), aspect);
    Grid grid = Grid.of(b, SIDE);
    double[] lined = grid.mapped(a, w, aspect);
    Samples s = grid.paired(lined).trimmed(TRIM);
    Samples centred = grid.centred(lined);
    // A picture that is all gradient (a sky with nothing in it, a ramp) has no structure to compare; then this test has
    // nothing to say, and the others decide.
    double structure = centred.count() > 0 && centred.spreads() < MIN_STRUCTURE_SPREAD ? 1 : centred.trimmed(TRIM).correlation();
    return new Alignment(w, s.correlation(), structure, s.spreadRatio(), s.count() > 0);
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

    /** a's value wherever w maps each of the grid's points, NaN where the point lands outside a. */
    double[] mapped(double[] ta, Warp w, double aspect) {
      double[] out = new double[values.length], point = new double[2];
      double cos = Math.cos(w.turn()), sin = Math.sin(w.turn());
      for (int k = 0; k < values.length; k++) {
        w.map(x[k], y[k], aspect, cos, sin, point);
        boolean inside = point[0] >= 0 && point[0] <= 1 && point[1] >= 0 && point[1] <= 1;
        out[k] = inside ? sample(ta, point[0], point[1]) : Double.NaN;
      }
      return out;
    }

    /** The grid's values of b paired with a's where w maps each point; points that land outside a are left out. */
    Samples pair(double[] ta, Warp w, double aspect) {
      return paired(mapped(ta, w, aspect));
    }

    /** The grid's values of b paired with {@code av}, a's values from {@link #mapped}. */
    Samples paired(double[] av) {
      return compact(av, values);
    }

    /**
     * Like {@link #paired}, with each grid row's and column's mean taken out of both (the grid is n x n): what is left
     * is the structure a vertical or horizontal gradient does not explain, such as where the sun or a peak is.
     */
    Samples centred(double[] av) {
      int n = (int) Math.round(Math.sqrt(values.length));
      return compact(doubleCentre(av, av, n), doubleCentre(values, av, n));
    }

    /** The pairs (av[k], bv[k]) where a's value is known; too little overlap means no pairs at all. */
    private static Samples compact(double[] av, double[] bv) {
      double[] xs = new double[av.length], ys = new double[av.length];
      int m = 0;
      for (int k = 0; k < av.length; k++) {
        if (Double.isNaN(av[k])) continue;
        xs[m] = av[k];
        ys[m] = bv[k];
        m++;
      }
      return new Samples(xs, ys, m < Samples.MIN_OVERLAP * av.length ? 0 : m);
    }

    /** {@code v} less its row and column means over the points where {@code known} is not NaN (NaN elsewhere). */
    private static double[] doubleCentre(double[] v, double[] known, int n) {
      double[] row = new double[n], col = new double[n];
      int[] rn = new int[n], cn = new int[n];
      double all = 0;
      int an = 0;
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          int k = j * n + i;
          if (Double.isNaN(known[k])) continue;
          row[j] += v[k];
          rn[j]++;
          col[i] += v[k];
          cn[i]++;
          all += v[k];
          an++;
        }
      }
      double mean = an == 0 ? 0 : all / an;
      double[] out = new double[v.length];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          int k = j * n + i;
          out[k] = Double.isNaN(known[k]) ? Double.NaN : v[k] - row[j] / rn[j] - col[i] / cn[i] + mean;
        }
      }
      return out;
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
      double limit = kth(Arrays.copyOf(misfit, count), (int) ((1 - trim) * (count - 1)));
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

    /** The value that would be at index {@code k} if {@code v} were sorted (quickselect; reorders {@code v}). */
    private static double kth(double[] v, int k) {
      int lo = 0, hi = v.length - 1;
      while (lo < hi) {
        double pivot = v[(lo + hi) >>> 1];
        int i = lo, j = hi;
        while (i <= j) {
          while (v[i] < pivot) i++;
          while (v[j] > pivot) j--;
          if (i <= j) {
            double t = v[i];
            v[i++] = v[j];
            v[j--] = t;
          }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return v[k];
      }
      return v[k];
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

    /** The larger of the two sides' standard deviations. */
    double spreads() {
      return Math.sqrt(Math.max(variance(a), variance(b)));
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
}
