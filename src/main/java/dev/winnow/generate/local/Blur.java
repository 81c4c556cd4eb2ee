package dev.winnow.generate.local;

/** Separable box blur, repeated: three passes approximate a Gaussian. Used for the cheap tier's out-of-focus drafts. */
final class Blur {
  private Blur() {}

  static void box(int[] px, int w, int h, int radius, int passes) {
    int[] tmp = new int[px.length];
    for (int p = 0; p < passes; p++) {
      horizontal(px, tmp, w, h, radius);
      vertical(tmp, px, w, h, radius);
    }
  }

  private static void horizontal(int[] src, int[] dst, int w, int h, int r) {
    for (int y = 0; y < h; y++) {
      int row = y * w;
      long sr = 0, sg = 0, sb = 0;
      for (int x = -r; x <= r; x++) {
        int c = src[row + clamp(x, w)];
        sr += (c >> 16) & 0xff;
        sg += (c >> 8) & 0xff;
        sb += c & 0xff;
      }
      int n = 2 * r + 1;
      for (int x = 0; x < w; x++) {
        dst[row + x] = (int) (sr / n) << 16 | (int) (sg / n) << 8 | (int) (sb / n);
        int out = src[row + clamp(x - r, w)], in = src[row + clamp(x + r + 1, w)];
        sr += ((in >> 16) & 0xff) - ((out >> 16) & 0xff);
        sg += ((in >> 8) & 0xff) - ((out >> 8) & 0xff);
        sb += (in & 0xff) - (out & 0xff);
      }
    }
  }

  private static void vertical(int[] src, int[] dst, int w, int h, int r) {
    for (int x = 0; x < w; x++) {
      long sr = 0, sg = 0, sb = 0;
      for (int y = -r; y <= r; y++) {
        int c = src[clamp(y, h) * w + x];
        sr += (c >> 16) & 0xff;
        sg += (c >> 8) & 0xff;
        sb += c & 0xff;
      }
      int n = 2 * r + 1;
      for (int y = 0; y < h; y++) {
        dst[y * w + x] = (int) (sr / n) << 16 | (int) (sg / n) << 8 | (int) (sb / n);
        int out = src[clamp(y - r, h) * w + x], in = src[clamp(y + r + 1, h) * w + x];
        sr += ((in >> 16) & 0xff) - ((out >> 16) & 0xff);
        sg += ((in >> 8) & 0xff) - ((out >> 8) & 0xff);
        sb += (in & 0xff) - (out & 0xff);
      }
    }
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
}
