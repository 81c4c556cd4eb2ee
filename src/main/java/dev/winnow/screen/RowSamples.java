package dev.winnow.screen;

import java.awt.image.WritableRaster;

/**
 * Copies every {@code period}-th pixel of an unfiltered PNG row into a line of ImageIO's destination raster, with the
 * values ImageIO's PNG reader writes there: the file's samples, rescaled where the raster's samples are wider than the
 * file's (a 2-bit grey with a transparent colour goes into an 8-bit grey + alpha raster), and for a grey or RGB image
 * whose raster has one band more than the file, an alpha of 0 on the tRNS colour and fully opaque elsewhere. Like
 * ImageIO, it compares the tRNS colour with the rescaled sample.
 */
final class RowSamples {
  private final int bands, depth, outBands, period, width;
  private final int[] transparent;
  /** Per band, file sample to raster sample; null when the sizes agree. */
  private final int[][] scale;
  private final int[] line;

  RowSamples(PngLayout layout, WritableRaster raster, int period) {
    this.bands = layout.bands();
    this.depth = layout.bitDepth();
    this.outBands = raster.getNumBands();
    this.period = period;
    this.width = raster.getWidth();
    this.transparent = outBands == bands + 1 ? layout.transparent() : null;
    if (outBands != bands && transparent == null) {
      throw new IllegalArgumentException("a " + outBands + "-band raster for " + bands + "-band pixels without a tRNS colour");
    }
    int[] sizes = raster.getSampleModel().getSampleSize();
    int[][] tables = null;
    for (int b = 0; b < bands; b++) {
      if (sizes[b] != depth) tables = new int[bands][];
    }
    if (tables != null) {
      // ImageIO's rounding: s * maxOut / maxIn, to nearest.
      int maxIn = (1 << depth) - 1;
      for (int b = 0; b < bands; b++) {
        int maxOut = (1 << sizes[b]) - 1;
        tables[b] = new int[maxIn + 1];
        for (int s = 0; s <= maxIn; s++) tables[b][s] = (s * maxOut + maxIn / 2) / maxIn;
      }
    }
    this.scale = tables;
    this.line = new int[width * outBands];
  }

  /** Writes the samples of {@code row} (filter byte at index 0, then the unfiltered pixels) to raster line {@code y}. */
  void write(byte[] row, int y, WritableRaster raster) {
    int opaque = depth == 16 ? 0xffff : 0xff;
    for (int i = 0, x = 0, o = 0; i < width; i++, x += period) {
      boolean clear = transparent != null;
      for (int b = 0; b < bands; b++, o++) {
        int v = sample(row, x * bands + b);
        if (scale != null) v = scale[b][v];
        line[o] = v;
        if (clear && v != transparent[b]) clear = false;
      }
      if (transparent != null) line[o++] = clear ? 0 : opaque;
    }
    raster.setPixels(0, y, width, 1, line);
  }

  /** Sample number {@code n} of the row, counting across pixels and bands. */
  private int sample(byte[] row, int n) {
    return switch (depth) {
      case 16 -> (row[1 + 2 * n] & 0xff) << 8 | (row[2 + 2 * n] & 0xff);
      case 8 -> row[1 + n] & 0xff;
      default -> {
        int bit = n * depth;
        yield (row[1 + (bit >>> 3)] >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
      }
    };
  }
}
