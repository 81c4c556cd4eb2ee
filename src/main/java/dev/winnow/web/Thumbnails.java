package dev.winnow.web;

import dev.winnow.store.Jpeg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Small JPEG copies of drafts and finals for the gallery and the report, so a page of a 1,000-candidate batch loads
 * kilobytes per card instead of the full image. Recently made ones are kept in memory up to a byte cap; image files
 * never change once written, so a cached copy never goes stale.
 */
final class Thumbnails {
  private static final long CACHE_BYTES = 48L << 20;
  private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cached;

  /** The picture scaled to {@code width} pixels wide (never enlarged), as JPEG; empty if it is gone or does not decode. */
  Optional<byte[]> jpeg(BatchFiles.Picture picture, int width, float quality) {
    String key = picture.name() + "|" + width + "|" + quality;
    synchronized (this) {
      byte[] hit = cache.get(key);
      if (hit != null) return Optional.of(hit);
    }
    Optional<byte[]> made = picture.bytes().flatMap(bytes -> make(bytes, width, quality));
    made.ifPresent(bytes -> remember(key, bytes));
    return made;
  }

  private synchronized void remember(String key, byte[] bytes) {
    byte[] old = cache.put(key, bytes);
    cached += bytes.length - (old == null ? 0 : old.length);
    Iterator<byte[]> eldest = cache.values().iterator();
    while (cached > CACHE_BYTES && eldest.hasNext()) {
      cached -= eldest.next().length;
      eldest.remove();
    }
  }

  private static Optional<byte[]> make(byte[] image, int width, float quality) {
    try {
      BufferedImage src = ImageIO.read(new ByteArrayInputStream(image));
      if (src == null) return Optional.empty();
      return Optional.of(Jpeg.encode(Jpeg.scaleToWidth(src, width), quality));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
