package dev.winnow.screen;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes defensively: the header's dimensions are checked before a single pixel is allocated, and a
 * decoder's warning (a truncated JPEG decodes to a half-grey picture with only a warning) counts as a failure.
 *
 * <p>{@link #sample} keeps only the pixels the screen reads, every {@code period}-th pixel of every {@code period}-th
 * row: the decoder still decompresses the whole file (so a broken one is still found), but it neither allocates nor
 * fills a full-size raster. A 3840×2160 wallpaper comes back as 256×144 samples instead of 25 MB of pixels. A
 * non-interlaced PNG's samples are read by {@link PngSampler} rather than ImageIO's reader: the same pixels, faster.
 */
final class Decoder {
  /**
   * Decoded pixels: {@code image} holds pixel (x·period, y·period) of the {@code width}×{@code height} original at
   * (x, y). A period of 1 is the whole picture.
   */
  record Decoded(BufferedImage image, int width, int height, int period) {}

  /** A decoded image, or the reason there is none. */
  record Result(Optional<Decoded> decoded, Optional<RejectReason> failure) {
    static Result of(Decoded decoded) {
      return new Result(Optional.of(decoded), Optional.empty());
    }

    static Result failed(RejectReason reason) {
      return new Result(Optional.empty(), Optional.of(reason));
    }

    /** The pixels as decoded; the whole picture only when decoded with {@link #decode}. */
    Optional<BufferedImage> image() {
      return decoded.map(Decoded::image);
    }
  }

  /** How many pixels apart the samples are for an image this wide, given its width in samples. */
  interface Sampling {
    int period(int width);
  }

  private Decoder() {}

  /** The whole picture, by ImageIO alone: the reference the screen's own PNG reading is held to. */
  static Result decode(byte[] bytes, long maxPixels) {
    return read(bytes, maxPixels, width -> 1, false);
  }

  /**
   * Every {@code sampling.period(width)}-th pixel of every such row. A reader that ignores subsampling returns the
   * whole picture, and the result says so (period 1).
   */
  static Result sample(byte[] bytes, long maxPixels, Sampling sampling) {
    return read(bytes, maxPixels, sampling, true);
  }

  private static Result read(byte[] bytes, long maxPixels, Sampling sampling, boolean fastPng) {
    if (bytes == null || bytes.length == 0) return Result.failed(RejectReason.UNDECODABLE);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return Result.failed(RejectReason.UNDECODABLE);
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0), height = reader.getHeight(0);
        if ((long) width * height > maxPixels) return Result.failed(RejectReason.TOO_LARGE);
        AtomicBoolean warned = new AtomicBoolean();
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warned.set(true));
        int period = Math.max(1, sampling.period(width));
        Optional<BufferedImage> fast = fastPng ? pngSamples(reader, bytes, period) : Optional.empty();
        if (warned.get()) return Result.failed(RejectReason.UNDECODABLE);
        if (fast.isPresent()) return Result.of(new Decoded(fast.get(), width, height, period));
        ImageReadParam param = reader.getDefaultReadParam();
        if (period > 1) param.setSourceSubsampling(period, period, 0, 0);
        BufferedImage image = reader.read(0, param);
        if (image == null || warned.get()) return Result.failed(RejectReason.UNDECODABLE);
        boolean sampled = image.getWidth() == (width + period - 1) / period && image.getHeight() == (height + period - 1) / period;
        if (!sampled && (image.getWidth() != width || image.getHeight() != height)) return Result.failed(RejectReason.UNDECODABLE);
        return Result.of(new Decoded(image, width, height, sampled ? period : 1));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Corrupt and truncated files surface as IIOException, EOFException or decoder runtime errors alike.
      return Result.failed(RejectReason.UNDECODABLE);
    }
  }

  /**
   * A PNG's samples read by {@link PngSampler}, in a quarter less time than ImageIO's reader (bench/screen/RESULTS.md);
   * nothing for any other format, or when it leaves the verdict to ImageIO. ImageIO's reader still reads every chunk
   * before the pixels (all of them for a palette image, warnings included) and names the image type, so a file fails or
   * passes here as it would there.
   */
  private static Optional<BufferedImage> pngSamples(ImageReader reader, byte[] bytes, int period) throws IOException {
    if (!reader.getClass().getName().equals("com.sun.imageio.plugins.png.PNGImageReader")) return Optional.empty();
    reader.getImageMetadata(0);
    ImageTypeSpecifier type = reader.getImageTypes(0).next();
    return PngSampler.sample(bytes, type, period);
  }
}
