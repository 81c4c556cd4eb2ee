package dev.winnow.screen;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads every {@code step}-th pixel of a row as packed 0xRRGGBB, straight from the raster where the layout is one the
 * JDK decoders produce (8-bit interleaved RGB, BGR, grey, with or without alpha; packed int RGB; 16-bit grey; 8-bit
 * palette). Anything
 * else goes through {@link BufferedImage#getRGB}, which converts pixel by pixel through the colour model, several times
 * slower than the decode itself.
 *
 * <p>Grey is read as the file encodes it. Java labels a decoded grey image linear and {@code getRGB} brightens it to
 * sRGB (a grey PNG's 103 comes back as 170), but PNG and JPEG grey samples are already display values: 103 is what a
 * browser shows, and what ImageMagick measures.
 */
final class Pixels {
  /** Rec. 601 weights in 1/1024ths. */
  static final int R = 306, G = 601, B = 117;

  private final BufferedImage image;
  private final int step;
  private final int width;
  private final byte[] bytes;
  private final int[] ints;
  private final short[] shorts;
  /** For 8-bit palette images: the palette, 0xRRGGBB, read through {@link #bytes}. */
  private final int[] palette;
  private final int scanline, pixelStride, r, g, b, offset;
  private final int[] strip;

  Pixels(BufferedImage image, int step) {
    this.image = image;
    this.step = step;
    this.width = image.getWidth();
    Raster raster = image.getRaster();
    DataBuffer buffer = raster.getDataBuffer();
    int sl = 0, ps = 0, ro = 0, go = 0, bo = 0, base = 0;
    byte[] byteData = null;
    int[] intData = null;
    short[] shortData = null;
    int[] paletteData = null;
    boolean srgb = image.getColorModel().getColorSpace().isCS_sRGB();
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (buffer instanceof DataBufferByte db && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && image.getColorModel() instanceof ComponentColorModel cm && cm.getComponentSize(0) == 8
        && raster.getParent() == null && (srgb || (grey && sm.getNumBands() == 1))) {
      int[] bands = sm.getBandOffsets();
      byteData = db.getData();
      sl = sm.getScanlineStride();
      ps = sm.getPixelStride();
      base = db.getOffset();
      ro = bands[0];
      go = bands.length >= 3 ? bands[1] : bands[0];
      bo = bands.length >= 3 ? bands[2] : bands[0];
    } else if (buffer instanceof DataBufferInt di && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
        && image.getColorModel() instanceof DirectColorModel cm && srgb && raster.getParent() == null
        && cm.getRedMask() == 0xff0000 && cm.getGreenMask() == 0xff00 && cm.getBlueMask() == 0xff) {
      intData = di.getData();
      sl = sm.getScanlineStride();
      base = di.getOffset();
    } else if (buffer instanceof DataBufferByte db && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm && sm.getNumBands() == 1
        && image.getColorModel() instanceof IndexColorModel icm && icm.getPixelSize() == 8 && raster.getParent() == null) {
      // 8-bit palette (PNG): each byte indexes the palette.
      paletteData = new int[256];
      icm.getRGBs(paletteData);
      for (int i = 0; i < paletteData.length; i++) paletteData[i] &= 0xffffff;
      byteData = db.getData();
      sl = sm.getScanlineStride();
      ps = sm.getPixelStride();
      base = db.getOffset();
    } else if (buffer instanceof DataBufferUShort du && buffer.getNumBanks() == 1
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm && sm.getNumBands() == 1
        && image.getColorModel() instanceof ComponentColorModel cm && cm.getComponentSize(0) == 16 && grey
        && raster.getParent() == null) {
      // 16-bit grey (PNG): the top byte of each sample, as the file encodes it.
      shortData = du.getData();
      sl = sm.getScanlineStride();
      ps = sm.getPixelStride();
      base = du.getOffset();
    }
    this.bytes = byteData;
    this.ints = intData;
    this.shorts = shortData;
    this.palette = paletteData;
    this.scanline = sl;
    this.pixelStride = ps;
    this.r = ro;
    this.g = go;
    this.b = bo;
    this.offset = base;
    this.strip = bytes == null && ints == null && shorts == null ? new int[width] : null;
  }

  /** Number of samples {@link #row} writes: one per {@code step} pixels. */
  int samplesPerRow() {
    return (width + step - 1) / step;
  }

  /** Fills {@code out} with the sampled pixels of row {@code y}, every {@code every}-th sample only. */
  void row(int y, int every, int[] out) {
    int stride = step * every;
    if (palette != null) {
      int p = offset + y * scanline;
      int advance = stride * pixelStride;
      for (int i = 0, x = 0; x < width; x += stride, i++, p += advance) out[i] = palette[bytes[p] & 0xff];
    } else if (bytes != null) {
      int p = offset + y * scanline;
      int advance = stride * pixelStride;
      for (int i = 0, x = 0; x < width; x += stride, i++, p += advance) {
        out[i] = (bytes[p + r] & 0xff) << 16 | (bytes[p + g] & 0xff) << 8 | (bytes[p + b] & 0xff);
      }
    } else if (ints != null) {
      int p = offset + y * scanline;
      for (int i = 0, x = 0; x < width; x += stride, i++, p += stride) out[i] = ints[p] & 0xffffff;
    } else if (shorts != null) {
      int p = offset + y * scanline;
      int advance = stride * pixelStride;
      for (int i = 0, x = 0; x < width; x += stride, i++, p += advance) {
        int v = (shorts[p] & 0xffff) >>> 8;
        out[i] = v << 16 | v << 8 | v;
      }
    } else {
      image.getRGB(0, y, width, 1, strip, 0, width);
      for (int i = 0, x = 0; x < width; x += stride, i++) out[i] = strip[x] & 0xffffff;
    }
  }

  /**
   * Fills {@code out} with the Rec. 601 luma of the sampled pixels of row {@code y}, in 1/1024ths (0..261,120):
   * the same as weighing {@link #row}'s channels, without packing and unpacking them on the common layouts.
   */
  void luma(int y, int[] out) {
    if (bytes != null && palette == null) {
      int p = offset + y * scanline;
      int advance = step * pixelStride;
      int n = samplesPerRow();
      for (int i = 0; i < n; i++, p += advance) {
        out[i] = R * (bytes[p + r] & 0xff) + G * (bytes[p + g] & 0xff) + B * (bytes[p + b] & 0xff);
      }
    } else {
      row(y, 1, out);
      int n = samplesPerRow();
      for (int i = 0; i < n; i++) {
        int rgb = out[i];
        out[i] = R * (rgb >>> 16) + G * ((rgb >> 8) & 0xff) + B * (rgb & 0xff);
      }
    }
  }
}
