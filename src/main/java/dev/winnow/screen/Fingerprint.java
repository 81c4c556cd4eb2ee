package dev.winnow.screen;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What near-duplicate detection keeps of an image, 1.2 KB, enough to decide a candidate pair without the pixels:
 * the 64-bit DCT hash that finds candidates; the image's size; the mean and standard deviation of its luma; a 32x32
 * luma thumbnail (squashed to a square whatever the aspect) stored as z-scores, so a dark or low-contrast picture
 * keeps as much structure as a bright one; and the mean colour of an 8x8 layout, which tells a recoloured picture from a
 * copy. {@link #toBytes} is how the ledger stores it; the first byte is the format version.
 *
 * @param hash the 64-bit DCT perceptual hash of the picture without a 6% margin at each edge; copies hash within a
 *     few bits of each other, and the screen compares only fingerprints whose hashes are that close
 * @param width the image's width in pixels
 * @param height the image's height in pixels
 * @param brightness mean Rec. 601 luma, 0-255
 * @param spread standard deviation of the thumbnail's luma, 0-255 units
 * @param thumbnail {@code SIDE x SIDE} row-major luma, each byte {@code 128 + Z_SCALE * (luma - mean) / spread}
 *     (all 128 when the spread is zero)
 * @param colours {@code COLOUR_SIDE x COLOUR_SIDE} row-major cells, three bytes each: mean red, green, blue
 */
public record Fingerprint(long hash, int width, int height, float brightness, float spread, byte[] thumbnail, byte[] colours) {
  static final int SIDE = PerceptualHash.N;
  static final int COLOUR_SIDE = 8;
  /** Bytes per standard deviation in the thumbnail: +-3.2 sd fits a byte; finer steps would clip more highlights. */
  static final double Z_SCALE = 40;

  private static final byte FORMAT = 1;
  private static final int BYTES = 1 + 8 + 4 + 4 + 4 + 4 + SIDE * SIDE + COLOUR_SIDE * COLOUR_SIDE * 3;

  public Fingerprint {
    if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive (got " + width + "x" + height + ")");
    if (!(spread >= 0)) throw new IllegalArgumentException("spread must be 0 or more (got " + spread + ")");
    if (thumbnail.length != SIDE * SIDE) throw new IllegalArgumentException("thumbnail must have " + SIDE * SIDE + " bytes (got " + thumbnail.length + ")");
    if (colours.length != COLOUR_SIDE * COLOUR_SIDE * 3) throw new IllegalArgumentException("colours must have " + COLOUR_SIDE * COLOUR_SIDE * 3 + " bytes (got " + colours.length + ")");
    thumbnail = thumbnail.clone();
    colours = colours.clone();
  }

  /**
   * The fingerprint of a measured image.
   *
   * @param thumb the {@code SIDE x SIDE} luma square the hash was computed from, 0-255
   * @param colourSums per cell of the {@code COLOUR_SIDE x COLOUR_SIDE} layout: sums of red, green, blue and the count
   */
  static Fingerprint of(long hash, int width, int height, double brightness, double[] thumb, long[] colourSums) {
    double mean = 0;
    for (double v : thumb) mean += v;
    mean /= thumb.length;
    double var = 0;
    for (double v : thumb) var += (v - mean) * (v - mean);
    double spread = Math.sqrt(var / thumb.length);
    byte[] z = new byte[SIDE * SIDE];
    for (int i = 0; i < z.length; i++) z[i] = (byte) clampByte(spread == 0 ? 128 : 128 + Z_SCALE * (thumb[i] - mean) / spread);
    byte[] colours = new byte[COLOUR_SIDE * COLOUR_SIDE * 3];
    for (int cell = 0; cell < COLOUR_SIDE * COLOUR_SIDE; cell++) {
      long n = Math.max(1, colourSums[cell * 4 + 3]);
      for (int ch = 0; ch < 3; ch++) colours[cell * 3 + ch] = (byte) clampByte((double) colourSums[cell * 4 + ch] / n);
    }
    return new Fingerprint(hash, width, height, (float) brightness, (float) spread, z, colours);
  }

  private static int clampByte(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  @Override
  public byte[] thumbnail() {
    return thumbnail.clone();
  }

  @Override
  public byte[] colours() {
    return colours.clone();
  }

  /**
   * Whether this and {@code other} are fingerprints of one picture: a copy resized, recompressed, cropped or shifted a
   * few percent, turned a degree or two, brightened or darkened a little, or with a watermark. A darker, flatter or
   * recoloured version, and any near-solid fill, is not. The answer does not depend on which is {@code this}.
   */
  public boolean sameImage(Fingerprint other) {
    return Likeness.sameImage(this, other);
  }

  /** A total order on fingerprints, so that a pair can be put in one order whichever way it was asked about. */
  int compareForPairing(Fingerprint other) {
    int byHash = Long.compareUnsigned(hash, other.hash);
    return byHash != 0 ? byHash : Arrays.compare(toBytes(), other.toBytes());
  }

  /** The thumbnail as z-scores: 0 is the mean luma, 1 one standard deviation above it. */
  double[] zScores() {
    double[] z = new double[thumbnail.length];
    for (int i = 0; i < z.length; i++) z[i] = ((thumbnail[i] & 0xff) - 128) / Z_SCALE;
    return z;
  }

  /** Channel {@code ch} (0 red, 1 green, 2 blue) of colour-layout cell {@code cell}, 0-255. */
  int colour(int cell, int ch) {
    return colours[cell * 3 + ch] & 0xff;
  }

  /** The compact stored form: format version, then every component in order, big-endian. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES)
        .put(FORMAT)
        .putLong(hash)
        .putInt(width)
        .putInt(height)
        .putFloat(brightness)
        .putFloat(spread)
        .put(thumbnail)
        .put(colours)
        .array();
  }

  /**
   * The fingerprint {@link #toBytes} stored.
   *
   * @throws IllegalArgumentException when the bytes are not a fingerprint of this format (an older or newer winnow, or
   *     not a fingerprint at all): the caller should fingerprint the image again
   */
  public static Fingerprint fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new IllegalArgumentException("no fingerprint bytes");
    if (bytes[0] != FORMAT) throw new IllegalArgumentException("fingerprint format " + bytes[0] + " is not the supported " + FORMAT);
    if (bytes.length != BYTES) throw new IllegalArgumentException("fingerprint must be " + BYTES + " bytes (got " + bytes.length + ")");
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, BYTES - 1);
    long hash = in.getLong();
    int width = in.getInt(), height = in.getInt();
    float brightness = in.getFloat(), spread = in.getFloat();
    byte[] thumb = new byte[SIDE * SIDE];
    byte[] colours = new byte[COLOUR_SIDE * COLOUR_SIDE * 3];
    in.get(thumb).get(colours);
    return new Fingerprint(hash, width, height, brightness, spread, thumb, colours);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f && hash == f.hash && width == f.width && height == f.height
        && Float.compare(brightness, f.brightness) == 0 && Float.compare(spread, f.spread) == 0
        && Arrays.equals(thumbnail, f.thumbnail) && Arrays.equals(colours, f.colours);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hash) * 31 + Arrays.hashCode(thumbnail);
  }

  @Override
  public String toString() {
    return "Fingerprint[hash=" + HexFormat.of().toHexDigits(hash) + ", " + width + "x" + height + ", brightness=" + brightness + ", spread=" + spread + "]";
  }
}
