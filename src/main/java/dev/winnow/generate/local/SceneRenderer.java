package dev.winnow.generate.local;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Paints a {@link SceneSpec} at any resolution. Every shape is placed in normalised coordinates (0..1), so a final
 * at 2K is the same picture as its 1K draft with more octaves of detail, finer texture and grain. Draft defects are
 * applied only when asked: the cheap tier is the flaky one.
 */
final class SceneRenderer {
  private final SceneSpec s;
  private final Palette p;
  private final int w;
  private final int h;
  private final boolean fine;
  private final double aspect;
  private final double[][] ridgeTop;
  private final double[] buildingTop;
  private final double[] treeTop;
  private final long seed;

  private SceneRenderer(SceneSpec s, int w, int h, boolean fine) {
    this.s = s;
    this.p = Palette.of(s);
    this.w = w;
    this.h = h;
    this.fine = fine;
    this.aspect = (double) w / h;
    this.seed = s.promptSeed() ^ Noise.mix(s.composition() * 0x632BE59BD9B4E019L + 1);
    this.ridgeTop = ridges();
    this.buildingTop = s.has(SceneSpec.Element.CITY) ? buildings() : null;
    this.treeTop = s.has(SceneSpec.Element.FOREST) ? trees() : null;
  }

  static BufferedImage render(SceneSpec spec, int width, int height, boolean fine, boolean defects) {
    return new SceneRenderer(spec, width, height, fine).paint(defects);
  }

  private BufferedImage paint(boolean defects) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    double gain = defects ? Math.pow(2, s.exposureStops()) : 1;
    double haze = defects ? s.haze() : 0;
    double[] flat = Palette.mix(p.mist(), p.skyMid(), 0.5);
    double[] c = new double[3];
    for (int y = 0; y < h; y++) {
      double v = (y + 0.5) / h;
      for (int x = 0; x < w; x++) {
        double u = (x + 0.5) / w;
        if (s.water() && v >= s.horizon()) water(u, v, x, c);
        else land(u, v, x, c);
        double vig = 1 - 0.45 * ((u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5));
        double grain = fine ? (Noise.lattice(seed, x, y) - 0.5) * 0.012 : 0;
        int rgb = 0;
        for (int k = 0; k < 3; k++) {
          double val = c[k] * vig * gain + grain;
          if (haze > 0) val = val * (1 - haze) + flat[k] * haze;
          rgb = (rgb << 8) | (int) Math.round(255 * Noise.clamp01(val));
        }
        px[y * w + x] = rgb;
      }
    }
    if (defects && s.blur() > 0) Blur.box(px, w, h, Math.max(1, (int) Math.round(s.blur() * w)), 3);
    return img;
  }

  /** Everything above the water line (or everything, with no water). */
  private void land(double u, double v, int x, double[] c) {
    sky(u, v, c);
    int layers = ridgeTop.length;
    for (int j = 0; j < layers; j++) {
      double top = ridgeTop[j][x];
      if (v < top) continue;
      double depth = layers == 1 ? 1 : (double) j / (layers - 1);
      double[] base = Palette.mix(p.ridgeFar(), p.ridgeNear(), depth);
      double tex = Noise.fbm2(seed + 31 * j, u * 40 * aspect, v * 40, fine ? 6 : 4) - 0.5;
      double streak = Noise.value2(seed + 37 * j, u * 220 * aspect, v * 60) - 0.5;
      double shade = 0.85 + 0.6 * tex + 0.12 * streak + 0.22 * (1 - Noise.smooth(top, top + 0.2, v));
      for (int k = 0; k < 3; k++) c[k] = base[k] * shade;
      if (s.snow() && v < top + 0.05 * (1 - 0.5 * depth)) {
        double cap = 0.75 * (1 - Noise.smooth(top, top + 0.05 * (1 - 0.5 * depth), v));
        for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - cap) + 0.95 * cap;
      }
      double air = 0.45 * (1 - depth);
      double[] distance = Palette.mix(p.skyHorizon(), p.ridgeFar(), 0.5);
      for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - air) + distance[k] * air;
    }
    if (buildingTop != null && v >= buildingTop[x] && v < groundLine()) building(u, v, c);
    if (treeTop != null && v >= treeTop[x] && v < treeBase(x)) {
      double n = Noise.fbm2(seed + 7, u * 90 * aspect, v * 90, fine ? 5 : 3);
      double[] leaf = s.autumn() ? Palette.mix(p.trees(), Palette.rgb(0xe0a020), n) : p.trees();
      double shade = 0.7 + 0.6 * n;
      for (int k = 0; k < 3; k++) c[k] = leaf[k] * shade;
    }
    mist(v, c);
  }

  private void water(double u, double v, int x, double[] c) {
    double below = v - s.horizon();
    double ripple = (Noise.value2(seed + 99, u * 30 * aspect, below * 420) - 0.5) * 0.012 * (0.3 + below * 4);
    double mirrored = Math.max(0, s.horizon() - below * 0.9);
    int mx = Math.min(w - 1, Math.max(0, (int) ((u + ripple) * w)));
    land(Math.min(1, Math.max(0, u + ripple)), mirrored, mx, c);
    double band = 0.82 + 0.25 * Noise.value2(seed + 5, u * 6 * aspect, below * (fine ? 260 : 160));
    for (int k = 0; k < 3; k++) c[k] = (c[k] * 0.62 + p.water()[k] * 0.38) * band;
    double glitterWidth = 0.025 + below * 0.22;
    if (Math.abs(u - s.sunX()) < glitterWidth && s.time() != SceneSpec.TimeOfDay.DAY) {
      double g = Noise.smooth(0.55, 0.8, Noise.value2(seed + 3, u * 160 * aspect, below * 900)) * (1 - Math.abs(u - s.sunX()) / glitterWidth);
      for (int k = 0; k < 3; k++) c[k] += p.sun()[k] * g * 0.55;
    }
  }

  private void sky(double u, double v, double[] c) {
    double t = Noise.clamp01(v / Math.max(0.05, s.horizon()));
    double[] col = t < 0.6 ? Palette.mix(p.skyTop(), p.skyMid(), t / 0.6) : Palette.mix(p.skyMid(), p.skyHorizon(), (t - 0.6) / 0.4);
    System.arraycopy(col, 0, c, 0, 3);
    boolean dark = s.time() == SceneSpec.TimeOfDay.NIGHT || s.has(SceneSpec.Element.SPACE);
    if (!dark) {
      double cloud = Noise.smooth(0.5, 0.8, Noise.fbm2(seed + 11, u * 3 * aspect, v * 9, fine ? 6 : 4));
      double fade = 1 - Noise.smooth(0.3, 0.95, t);
      for (int k = 0; k < 3; k++) c[k] += (p.mist()[k] - c[k]) * cloud * 0.45 * fade;
    } else {
      stars(u, v, c);
    }
    if (s.has(SceneSpec.Element.SPACE)) {
      double neb = Noise.fbm2(seed + 21, u * 2.5 * aspect, v * 2.5, fine ? 7 : 5);
      double[] tint = Palette.mix(Palette.rgb(0x6a2a8a), Palette.rgb(0x2a6aaa), Noise.value2(seed + 22, u * 2, v * 2));
      double a = Noise.smooth(0.45, 0.8, neb) * 0.7;
      for (int k = 0; k < 3; k++) c[k] += tint[k] * a;
    }
    double sunY = s.horizon() - s.sunHeight();
    double dx = (u - s.sunX()) * aspect, dy = v - sunY;
    double d2 = dx * dx + dy * dy;
    double radius = dark ? 0.03 : 0.04;
    double glow = Math.exp(-d2 / (dark ? 0.004 : 0.012)) * (dark ? 0.35 : 0.45);
    double disc = 1 - Noise.smooth(radius * radius * 0.8, radius * radius, d2);
    double[] sun = dark ? Palette.rgb(0xe8ecf4) : p.sun();
    for (int k = 0; k < 3; k++) c[k] = c[k] + sun[k] * glow + (sun[k] - c[k]) * disc;
  }

  private void stars(double u, double v, double[] c) {
    double cells = 320;
    double gx = u * cells * aspect, gy = v * cells;
    int cx = (int) gx, cy = (int) gy;
    double r = Noise.lattice(seed + 77, cx, cy);
    if (r < 0.985) return;
    double ox = Noise.lattice(seed + 78, cx, cy), oy = Noise.lattice(seed + 79, cx, cy);
    double dx = gx - cx - ox, dy = gy - cy - oy;
    double size = 0.04 + 0.12 * (r - 0.985) / 0.015;
    double lum = Math.max(0, 1 - (dx * dx + dy * dy) / size) * (1 - v / Math.max(0.1, s.horizon()) * 0.6);
    for (int k = 0; k < 3; k++) c[k] += lum * 0.9;
  }

  private void building(double u, double v, double[] c) {
    double[] wall = Palette.mix(p.ridgeNear(), Palette.rgb(0x000000), 0.35);
    System.arraycopy(wall, 0, c, 0, 3);
    double wx = u * 260 * aspect, wy = v * 140;
    int ix = (int) wx, iy = (int) wy;
    boolean inWindow = (wx - ix) > 0.3 && (wy - iy) > 0.35;
    double lit = Noise.lattice(seed + 41, ix, iy);
    boolean night = s.time() == SceneSpec.TimeOfDay.NIGHT || s.time() == SceneSpec.TimeOfDay.SUNSET;
    if (inWindow && lit > (night ? 0.55 : 0.8)) {
      double[] light = s.neon() && lit > 0.85 ? Palette.rgb(0xff3aa8) : p.lights();
      double a = night ? 0.95 : 0.35;
      for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - a) + light[k] * a;
    }
  }

  private void mist(double v, double[] c) {
    double amount = s.misty() ? 0.5 : 0.12;
    double drift = s.misty() ? 0.6 + 0.4 * Noise.fbm2(seed + 13, v * 3, v * 20 + s.sunX() * 7, 3) : 1;
    double band = Math.exp(-Math.pow((v - s.horizon() + 0.03) / (s.misty() ? 0.07 : 0.05), 2)) * amount * drift;
    for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - band) + p.mist()[k] * band;
  }

  private double groundLine() {
    return s.water() ? s.horizon() : 1.01;
  }

  // ---- per-column shapes

  private double[][] ridges() {
    boolean hills = s.has(SceneSpec.Element.MOUNTAINS) || s.has(SceneSpec.Element.DESERT);
    boolean dunes = s.has(SceneSpec.Element.DESERT) && !s.has(SceneSpec.Element.MOUNTAINS);
    int layers = hills ? s.layers() : 1;
    double[][] tops = new double[layers][w];
    for (int j = 0; j < layers; j++) {
      double far = layers == 1 ? 0 : 1 - (double) j / (layers - 1);
      double amp = hills ? (dunes ? 0.10 : 0.16 + 0.16 * far) : 0.025;
      double freq = hills ? (dunes ? 1.2 : 1.6 + 1.4 * j) : 4;
      int octaves = dunes ? 2 : (fine ? 9 : 6);
      double base = s.water() ? s.horizon() : s.horizon() + 0.03 + 0.09 * (1 - far) * (layers > 1 ? 1 : 0);
      long ridgeSeed = seed + 1000L * j;
      for (int x = 0; x < w; x++) {
        double u = (x + 0.5) / w;
        double n = Noise.fbm1(ridgeSeed, u * freq * aspect + j * 3.7, octaves);
        double peak = dunes ? n : Math.pow(n, 1.6) * 1.4;
        tops[j][x] = base - amp * peak;
      }
    }
    return tops;
  }

  private double[] buildings() {
    double[] tops = new double[w];
    java.util.Arrays.fill(tops, 2);
    double u = 0.0;
    int i = 0;
    // The skyline's big shape (where the towers cluster, how tall) belongs to the composition, so it shows in the hash.
    double scale = 0.5 + 0.35 * ((s.composition() / 5) % 4);
    double cluster = 0.15 + 0.7 * Noise.lattice(seed + 53, 0, 0);
    while (u < 1) {
      double width = 0.012 + 0.03 * Noise.lattice(seed + 51, i, 0);
      double near = Math.exp(-Math.pow((u - cluster) / 0.22, 2));
      double height = (0.03 + 0.16 * Math.pow(Noise.lattice(seed + 52, i, 0), 1.5) + 0.2 * near) * scale;
      int from = (int) (u * w), to = Math.min(w, (int) ((u + width) * w));
      for (int x = from; x < to; x++) tops[x] = groundLine() - height;
      u += width + 0.002;
      i++;
    }
    return tops;
  }

  private double[] trees() {
    double[] tops = new double[w];
    java.util.Arrays.fill(tops, 2);
    int near = ridgeTop.length - 1;
    double spacing = 0.011;
    int count = (int) (1 / spacing) + 2;
    for (int t = 0; t < count; t++) {
      double centre = (t + Noise.lattice(seed + 61, t, 0) * 0.8) * spacing;
      double height = 0.035 + 0.05 * Noise.lattice(seed + 62, t, 0);
      double half = height * 0.28 / aspect;
      int from = Math.max(0, (int) ((centre - half) * w)), to = Math.min(w - 1, (int) ((centre + half) * w));
      for (int x = from; x <= to; x++) {
        double u = (x + 0.5) / w;
        double base = s.water() ? s.horizon() : ridgeTop[near][x] + 0.01;
        double top = base - height * (1 - Math.abs(u - centre) / half);
        tops[x] = Math.min(tops[x], top);
      }
    }
    return tops;
  }

  private double treeBase(int x) {
    return s.water() ? s.horizon() : 1.01;
  }
}
