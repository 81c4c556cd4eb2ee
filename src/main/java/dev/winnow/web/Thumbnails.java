package dev.winnow.web;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Small JPEG copies of drafts and finals for the gallery and the report, so a page of a 1,000-candidate batch loads
 * kilobytes per card instead of the full image. Recently made ones are kept in memory up to a byte cap; image files
 * never change once written, so a cached copy never goes stale.
 */
final class Thumbnails {
  private static final long CACHE_BYTES = 48L << 20;
  private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cached;

  /** The image at {@code file} scaled to {@code width} pixels wide (never enlarged), as JPEG; empty if it does not decode. */
  Optional<byte[]> jpeg(Path file, int width, float quality) {
    String key = file + "|" + width + "|" + quality;
    synchronized (this) {
      byte[] hit = cache.get(key);
      if (hit != null) return Optional.of(hit);
    }
    Optional<byte[]> made = make(file, width, quality);
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

  private static Optional<byte[]> make(Path file, int width, float quality) {
    try (var in = Files.newInputStream(file)) {
      BufferedImage src = ImageIO.read(in);
      if (src == null) return Optional.empty();
      return Optional.of(encode(scale(src, width), quality));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Halves the image until it is within twice the target, then one bilinear step: cheap and without aliasing. */
  private static BufferedImage scale(BufferedImage src, int width) {
    BufferedImage img = rgb(src, src.getWidth(), src.getHeight());
    while (img.getWidth() / 2 >= width) img = rgb(img, img.getWidth() / 2, Math.max(1, img.getHeight() / 2));
    if (img.getWidth() <= width) return img;
    int height = Math.max(1, Math.round((float) img.getHeight() * width / img.getWidth()));
    return rgb(img, width, height);
  }

  private static BufferedImage rgb(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static byte[] encode(BufferedImage img, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
