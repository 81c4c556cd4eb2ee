package dev.winnow.generate.gemini;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an image's own header says it is: format and pixel size, read without decoding the pixels. The format comes
 * from the bytes, not from the API's declared mime type, which has been seen to say PNG over JPEG bytes.
 */
record ImageHeader(String mimeType, int width, int height) {

  static Optional<ImageHeader> read(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      if (in == null) return Optional.empty();
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return Optional.empty();
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        String[] mimes = reader.getOriginatingProvider().getMIMETypes();
        String mime = mimes == null || mimes.length == 0 ? "application/octet-stream" : mimes[0];
        return Optional.of(new ImageHeader(mime, reader.getWidth(0), reader.getHeight(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // A truncated or foreign file: the caller reports it as an unreadable image.
      return Optional.empty();
    }
  }
}
