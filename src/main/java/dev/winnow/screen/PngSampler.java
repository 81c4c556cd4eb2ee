package dev.winnow.screen;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageTypeSpecifier;

/**
 * Reads a non-interlaced PNG's samples straight from its bytes: inflates the IDAT chunks into two reused row buffers,
 * unfilters every row (each filter may read the row above) and keeps every {@code period}-th pixel of every
 * {@code period}-th row. ImageIO's PNG reader does the same work through four stacked streams and a copy per row; this
 * is the screen's main cost on PNG wallpapers (bench/screen/RESULTS.md, "Speed").
 *
 * <p>It promises ImageIO's pixels: the samples go into an image of the type ImageIO's reader would return (the caller
 * passes it in), with the sample values that reader would write, bit-depth scaling and tRNS alpha included. It also
 * promises never to accept a file ImageIO rejects: it reads the IDAT chunks as that reader does (consecutive chunks, no
 * CRC check, a short chunk ends the data), and it returns nothing — so the caller asks ImageIO, which gives the verdict —
 * whenever the data run out, the zlib stream is broken anywhere (even after the last row, where ImageIO's read-ahead may
 * trip on it), a filter type is unknown, or the file is interlaced.
 */
final class PngSampler {
  private static final int NONE = 0, SUB = 1, UP = 2, AVERAGE = 3, PAETH = 4;

  private final byte[] png;
  private final PngLayout layout;
  private final Inflater inflater = new Inflater();
  /** The length field of the next IDAT chunk to feed the inflater, or -1 when the chunks have run out. */
  private int nextChunk;

  private PngSampler(byte[] png, PngLayout layout) {
    this.png = png;
    this.layout = layout;
    this.nextChunk = layout.firstIdat();
  }

  /**
   * Every {@code period}-th pixel of every {@code period}-th row of {@code png}, in an image of {@code type}; nothing when
   * ImageIO should decide instead.
   */
  static Optional<BufferedImage> sample(byte[] png, ImageTypeSpecifier type, int period) {
    Optional<PngLayout> layout = PngLayout.of(png);
    if (layout.isEmpty() || layout.get().interlaced()) return Optional.empty();
    PngSampler sampler = new PngSampler(png, layout.get());
    try {
      return Optional.ofNullable(sampler.read(type, period));
    } catch (DataFormatException | IllegalArgumentException e) {
      // A broken zlib stream, or an ImageIO type this cannot fill: ImageIO decides.
      return Optional.empty();
    } finally {
      sampler.inflater.end();
    }
  }

  private BufferedImage read(ImageTypeSpecifier type, int period) throws DataFormatException {
    int w = layout.width(), h = layout.height();
    BufferedImage image = type.createBufferedImage((w + period - 1) / period, (h + period - 1) / period);
    WritableRaster raster = image.getRaster();
    RowSamples samples = new RowSamples(layout, raster, period);
    int rowBytes = layout.rowBytes(), step = layout.filterStep();
    // Index 0 holds the row's filter type, as in the file; the pixels follow.
    byte[] row = new byte[rowBytes + 1], above = new byte[rowBytes + 1];
    for (int y = 0; y < h; y++) {
      if (!inflateFully(row)) return null;
      if (!unfilter(row, above, step)) return null;
      if (y % period == 0) samples.write(row, y / period, raster);
      byte[] t = above;
      above = row;
      row = t;
    }
    return drained() ? image : null;
  }

  /** Fills {@code buffer} from the zlib stream; false when the stream ends or the IDAT chunks run out first. */
  private boolean inflateFully(byte[] buffer) throws DataFormatException {
    for (int at = 0; at < buffer.length; ) {
      int n = inflater.inflate(buffer, at, buffer.length - at);
      at += n;
      if (n > 0) continue;
      if (inflater.finished() || inflater.needsDictionary() || !inflater.needsInput() || !feed()) return false;
    }
    return true;
  }

  /**
   * Inflates what is left of the stream after the last row, so a broken stream is left for ImageIO to judge. Data that
   * simply stop is fine: ImageIO never reads past the last row either.
   */
  private boolean drained() throws DataFormatException {
    byte[] scratch = new byte[8192];
    while (!inflater.finished()) {
      if (inflater.inflate(scratch) > 0) continue;
      if (!inflater.needsInput()) return false;
      if (!feed()) return true;
    }
    return true;
  }

  /**
   * Hands the next IDAT chunk's data to the inflater. Like ImageIO's reader: a chunk cut by the end of the file gives
   * what is there, and the data end at the first chunk that is not an IDAT or whose header is cut.
   */
  private boolean feed() {
    while (nextChunk >= 0) {
      int at = nextChunk, length = PngLayout.int32(png, at);
      if (length < 0) return false;
      int start = at + 8, end = (int) Math.min(png.length, (long) start + length);
      long following = (long) start + length + 4;
      nextChunk = following + 8 <= png.length && PngLayout.int32(png, (int) following + 4) == PngLayout.IDAT ? (int) following : -1;
      if (end > start) {
        inflater.setInput(png, start, end - start);
        return true;
      }
    }
    return false;
  }

  /** Undoes the row's filter in place; false for an unknown filter type. {@code step} is the filter's left distance. */
  static boolean unfilter(byte[] row, byte[] above, int step) {
    // One small method per filter: C2 compiled the Paeth loop half as fast when all five shared one method.
    switch (row[0]) {
      case NONE -> {}
      case SUB -> sub(row, step);
      case UP -> up(row, above);
      case AVERAGE -> average(row, above, step);
      case PAETH -> paeth(row, above, step);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void sub(byte[] row, int step) {
    for (int i = 1 + step; i < row.length; i++) row[i] += row[i - step];
  }

  private static void up(byte[] row, byte[] above) {
    for (int i = 1; i < row.length; i++) row[i] += above[i];
  }

  private static void average(byte[] row, byte[] above, int step) {
    int n = row.length;
    for (int i = 1; i < 1 + step && i < n; i++) row[i] += (above[i] & 0xff) >>> 1;
    for (int i = 1 + step; i < n; i++) row[i] += ((row[i - step] & 0xff) + (above[i] & 0xff)) >>> 1;
  }

  private static void paeth(byte[] row, byte[] above, int step) {
    int n = row.length;
    for (int i = 1; i < 1 + step && i < n; i++) row[i] += above[i];
    for (int i = 1 + step; i < n; i++) row[i] += paeth(row[i - step] & 0xff, above[i] & 0xff, above[i - step] & 0xff);
  }

  /**
   * The Paeth predictor without branches: on photographs which neighbour wins is a coin toss, and mispredicted branches
   * made this the slowest part of reading a PNG.
   */
  private static int paeth(int left, int up, int upLeft) {
    int toLeft = Math.abs(up - upLeft), toUp = Math.abs(left - upLeft), toUpLeft = Math.abs(left + up - 2 * upLeft);
    int upLeftWins = (toUpLeft - toUp) >> 31; // -1 when upLeft is strictly nearer than up
    int upOrUpLeft = up ^ ((up ^ upLeft) & upLeftWins);
    int nearest = toUp + ((toUpLeft - toUp) & upLeftWins);
    int notLeft = (nearest - toLeft) >> 31; // -1 when left is not the nearest, ties going to left
    return left ^ ((left ^ upOrUpLeft) & notLeft);
  }
}
