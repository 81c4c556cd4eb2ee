package dev.winnow.screen;

import java.util.Optional;

/**
 * Where a PNG's pixels are and how they are laid out, read straight from the file's bytes: the header fields, the
 * transparent colour of a grey or RGB image, and the first IDAT chunk. {@link #of} promises nothing about the file
 * being well formed beyond what it reads; {@link Decoder} lets ImageIO's reader check the chunks first.
 */
record PngLayout(int width, int height, int bitDepth, int colourType, boolean interlaced, int[] transparent, int firstIdat) {
  static final int IDAT = 0x49444154, TRNS = 0x74524e53;
  private static final int GREY = 0, RGB = 2, PALETTE = 3, GREY_ALPHA = 4, RGB_ALPHA = 6;

  /** Samples per pixel as the file stores them (a palette index is one). */
  int bands() {
    return switch (colourType) {
      case RGB -> 3;
      case GREY_ALPHA -> 2;
      case RGB_ALPHA -> 4;
      default -> 1;
    };
  }

  /** Bytes per row of pixels, without the filter byte. */
  int rowBytes() {
    return (int) (((long) width * bands() * bitDepth + 7) / 8);
  }

  /** The distance PNG's filters look left: one whole pixel, or one byte when pixels are smaller than a byte. */
  int filterStep() {
    return Math.max(1, bands() * bitDepth / 8);
  }

  /**
   * The layout, or nothing when the bytes are not a PNG this reads: bad signature or header, or no IDAT chunk before the
   * chunks run off the end. The last tRNS before the first IDAT counts, as in ImageIO's reader.
   */
  static Optional<PngLayout> of(byte[] png) {
    if (png.length < 33 || int32(png, 0) != 0x89504e47 || int32(png, 4) != 0x0d0a1a0a) return Optional.empty();
    if (int32(png, 8) != 13 || int32(png, 12) != 0x49484452) return Optional.empty();
    int width = int32(png, 16), height = int32(png, 20);
    int depth = png[24] & 0xff, type = png[25] & 0xff, interlace = png[28] & 0xff;
    if (width <= 0 || height <= 0 || !valid(depth, type) || png[26] != 0 || png[27] != 0 || interlace > 1) {
      return Optional.empty();
    }
    int[] transparent = null;
    for (int at = 33; at + 8 <= png.length; ) {
      int length = int32(png, at), chunk = int32(png, at + 4);
      if (length < 0) return Optional.empty();
      if (chunk == IDAT) return Optional.of(new PngLayout(width, height, depth, type, interlace == 1, transparent, at));
      long next = (long) at + 12 + length;
      if (next > png.length) return Optional.empty();
      if (chunk == TRNS && type == GREY && length == 2) transparent = new int[] {uint16(png, at + 8)};
      if (chunk == TRNS && type == RGB && length == 6) {
        transparent = new int[] {uint16(png, at + 8), uint16(png, at + 10), uint16(png, at + 12)};
      }
      at = (int) next;
    }
    return Optional.empty();
  }

  private static boolean valid(int depth, int type) {
    return switch (type) {
      case GREY -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
      case PALETTE -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
      case RGB, GREY_ALPHA, RGB_ALPHA -> depth == 8 || depth == 16;
      default -> false;
    };
  }

  static int int32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  private static int uint16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }
}
