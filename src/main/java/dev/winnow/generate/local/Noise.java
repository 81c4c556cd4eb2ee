package dev.winnow.generate.local;

/** Deterministic value noise from integer hashing: the same inputs give the same values on every JVM. */
final class Noise {
  private Noise() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A value in [0, 1) for lattice point (x, y) under {@code seed}. */
  static double lattice(long seed, int x, int y) {
    long h = mix(seed ^ mix(x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL));
    return (h >>> 11) * 0x1.0p-53;
  }

  static double value1(long seed, double x) {
    int i = (int) Math.floor(x);
    double f = x - i;
    double t = f * f * (3 - 2 * f);
    return lerp(lattice(seed, i, 0), lattice(seed, i + 1, 0), t);
  }

  static double value2(long seed, double x, double y) {
    int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
    double fx = x - ix, fy = y - iy;
    double tx = fx * fx * (3 - 2 * fx), ty = fy * fy * (3 - 2 * fy);
    double a = lerp(lattice(seed, ix, iy), lattice(seed, ix + 1, iy), tx);
    double b = lerp(lattice(seed, ix, iy + 1), lattice(seed, ix + 1, iy + 1), tx);
    return lerp(a, b, ty);
  }

  /** Fractal 1-D noise in about [0, 1]: {@code octaves} layers, each twice the frequency and half the amplitude. */
  static double fbm1(long seed, double x, int octaves) {
    double sum = 0, amp = 0.5, norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amp * value1(seed + o * 131, x);
      norm += amp;
      x *= 2.03;
      amp *= 0.5;
    }
    return sum / norm;
  }

  static double fbm2(long seed, double x, double y, int octaves) {
    double sum = 0, amp = 0.5, norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amp * value2(seed + o * 131, x, y);
      norm += amp;
      x *= 2.03;
      y *= 2.03;
      amp *= 0.5;
    }
    return sum / norm;
  }

  static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  static double clamp01(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  static double smooth(double e0, double e1, double x) {
    double t = clamp01((x - e0) / (e1 - e0));
    return t * t * (3 - 2 * t);
  }
}
