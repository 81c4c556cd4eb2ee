package dev.winnow.screen;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes defensively: the header's dimensions are checked before a single pixel is allocated, and a
 * decoder's warning (a truncated JPEG decodes to a half-grey picture with only a warning) counts as a failure.
 */
final class Decoder {
  /** A decoded image, or the reason there is none. */
  record Result(Optional<BufferedImage> image, Optional<RejectReason> failure) {
    static Result of(BufferedImage image) {
      return new Result(Optional.of(image), Optional.empty());
    }

    static Result failed(RejectReason reason) {
      return new Result(Optional.empty(), Optional.of(reason));
    }
  }

  private Decoder() {}

  static Result decode(byte[] bytes, long maxPixels) {
    if (bytes == null || bytes.length == 0) return Result.failed(RejectReason.UNDECODABLE);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return Result.failed(RejectReason.UNDECODABLE);
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels) return Result.failed(RejectReason.TOO_LARGE);
        AtomicBoolean warned = new AtomicBoolean();
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warned.set(true));
        BufferedImage image = reader.read(0);
        if (image == null || warned.get()) return Result.failed(RejectReason.UNDECODABLE);
        return Result.of(image);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Corrupt and truncated files surface as IIOException, EOFException or decoder runtime errors alike.
      return Result.failed(RejectReason.UNDECODABLE);
    }
  }
}
