package dev.winnow.screen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes test PNGs of any colour type and bit depth, with every row filter in turn, so a reader's unfiltering and
 * sample unpacking are all exercised; ImageIO's writer only produces a few layouts and picks filters itself.
 */
final class PngFiles {
  /** One PNG layout: colour type and bit depth as in IHDR, palette size (palette images), whether to add tRNS. */
  record Layout(int colourType, int bitDepth, int paletteSize, boolean transparency) {
    int bands() {
      return switch (colourType) {
        case 2 -> 3;
        case 4 -> 2;
        case 6 -> 4;
        default -> 1;
      };
    }

    @Override
    public String toString() {
      return "type " + colourType + " depth " + bitDepth + (paletteSize > 0 ? " palette " + paletteSize : "") + (transparency ? " tRNS" : "");
    }
  }

  private PngFiles() {}

  /**
   * A {@code width}×{@code height} picture in {@code layout}: smooth gradients with noise, and here and there the exact
   * colour tRNS names, so transparent pixels occur. Row y is filtered with filter y mod 5.
   */
  static byte[] write(Layout layout, int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int max = layout.colourType() == 3 ? layout.paletteSize() - 1 : (1 << layout.bitDepth()) - 1;
    int bands = layout.bands();
    int rowBytes = (width * bands * layout.bitDepth() + 7) / 8;
    int step = Math.max(1, bands * layout.bitDepth() / 8);
    int[] key = new int[bands];
    for (int b = 0; b < bands; b++) key[b] = random.nextInt(max + 1);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] above = new byte[rowBytes];
    for (int y = 0; y < height; y++) {
      byte[] row = new byte[rowBytes];
      boolean keyed = random.nextInt(4) == 0;
      for (int x = 0; x < width; x++) {
        for (int b = 0; b < bands; b++) {
          int smooth = (int) ((long) max * ((x + y * (b + 1)) % (width + 1)) / (width + 1));
          int v = random.nextInt(8) == 0 ? random.nextInt(max + 1) : Math.min(max, smooth + random.nextInt(3));
          if (keyed && x % 7 < 3) v = key[b];
          put(row, x * bands + b, layout.bitDepth(), v);
        }
      }
      int filter = y % 5;
      raw.write(filter);
      raw.writeBytes(filter(row, above, step, filter));
      above = row;
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    byte[] ihdr = new byte[13];
    int32(ihdr, 0, width);
    int32(ihdr, 4, height);
    ihdr[8] = (byte) layout.bitDepth();
    ihdr[9] = (byte) layout.colourType();
    chunk(png, "IHDR", ihdr);
    chunk(png, "tEXt", "Comment\0a chunk to skip".getBytes(StandardCharsets.ISO_8859_1));
    if (layout.colourType() == 3) {
      byte[] palette = new byte[layout.paletteSize() * 3];
      random.nextBytes(palette);
      chunk(png, "PLTE", palette);
    }
    if (layout.transparency()) chunk(png, "tRNS", transparency(layout, key, random));
    // The data in three IDAT chunks of uneven size, as encoders split it.
    byte[] data = deflate(raw.toByteArray());
    int a = data.length / 3, b = data.length / 3 + data.length / 5;
    chunk(png, "IDAT", java.util.Arrays.copyOfRange(data, 0, a));
    chunk(png, "IDAT", java.util.Arrays.copyOfRange(data, a, b));
    chunk(png, "IDAT", java.util.Arrays.copyOfRange(data, b, data.length));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static byte[] transparency(Layout layout, int[] key, SplittableRandom random) {
    if (layout.colourType() == 3) {
      // Fewer alpha entries than palette entries: the rest are opaque.
      byte[] alpha = new byte[Math.max(1, layout.paletteSize() / 2)];
      random.nextBytes(alpha);
      return alpha;
    }
    byte[] colour = new byte[2 * key.length];
    for (int b = 0; b < key.length; b++) {
      colour[2 * b] = (byte) (key[b] >> 8);
      colour[2 * b + 1] = (byte) key[b];
    }
    return colour;
  }

  private static void put(byte[] row, int n, int depth, int v) {
    switch (depth) {
      case 16 -> {
        row[2 * n] = (byte) (v >> 8);
        row[2 * n + 1] = (byte) v;
      }
      case 8 -> row[n] = (byte) v;
      default -> {
        int bit = n * depth;
        row[bit >>> 3] |= (byte) (v << (8 - depth - (bit & 7)));
      }
    }
  }

  private static byte[] filter(byte[] row, byte[] above, int step, int filter) {
    byte[] out = new byte[row.length];
    for (int i = 0; i < row.length; i++) {
      int left = i >= step ? row[i - step] & 0xff : 0, up = above[i] & 0xff, upLeft = i >= step ? above[i - step] & 0xff : 0;
      int predicted = switch (filter) {
        case 0 -> 0;
        case 1 -> left;
        case 2 -> up;
        case 3 -> (left + up) / 2;
        default -> paeth(left, up, upLeft);
      };
      out[i] = (byte) (row[i] - predicted);
    }
    return out;
  }

  /** The PNG specification's predictor, written as it is there. */
  private static int paeth(int a, int b, int c) {
    int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
  }

  private static byte[] deflate(byte[] raw) {
    Deflater deflater = new Deflater(6);
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] header = new byte[8];
    int32(header, 0, data.length);
    System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, header, 4, 4);
    CRC32 crc = new CRC32();
    crc.update(header, 4, 4);
    crc.update(data);
    byte[] sum = new byte[4];
    int32(sum, 0, (int) crc.getValue());
    png.writeBytes(header);
    png.writeBytes(data);
    png.writeBytes(sum);
  }

  private static void int32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
