package dev.winnow.store;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small JPEG copies of images: the gallery's thumbnails and what a vision judge is shown. */
public final class Jpeg {
  private Jpeg() {}

  /**
   * {@code src} scaled to {@code width} pixels wide (never enlarged): halved until within twice the target, then one
   * bilinear step, which is cheap and does not alias.
   */
  public static BufferedImage scaleToWidth(BufferedImage src, int width) {
    BufferedImage img = rgb(src, src.getWidth(), src.getHeight());
    while (img.getWidth() / 2 >= width) img = rgb(img, img.getWidth() / 2, Math.max(1, img.getHeight() / 2));
    if (img.getWidth() <= width) return img;
    int height = Math.max(1, Math.round((float) img.getHeight() * width / img.getWidth()));
    return rgb(img, width, height);
  }

  /** {@code src} scaled so neither side exceeds {@code longSide} (never enlarged). */
  public static BufferedImage fitWithin(BufferedImage src, int longSide) {
    if (src.getWidth() >= src.getHeight()) return scaleToWidth(src, longSide);
    int width = Math.max(1, Math.round((float) src.getWidth() * Math.min(longSide, src.getHeight()) / src.getHeight()));
    return scaleToWidth(src, width);
  }

  public static byte[] encode(BufferedImage img, float quality) throws IOException {
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

  private static BufferedImage rgb(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }
}
