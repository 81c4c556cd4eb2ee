package dev.winnow.screen;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Rebuilds the screen's test fixtures from two photographs of Debian's mate-backgrounds package (GPL-2+), which
 * nobody on this project generated. Run by src/test/resources/screen/debian/make-fixtures.sh; the outputs are
 * committed so the tests need neither the package nor this program.
 */
public final class MakeFixtures {
  public static void main(String[] args) throws Exception {
    Path src = Path.of(args.length > 0 ? args[0] : "/usr/share/backgrounds/mate/nature");
    Path out = Path.of(args.length > 1 ? args[1] : "src/test/resources/screen/debian");
    Files.createDirectories(out);
    BufferedImage storm = scale(ImageIO.read(src.resolve("Storm.jpg").toFile()), 640, 360);
    BufferedImage meadow = scale(ImageIO.read(src.resolve("GreenMeadow.jpg").toFile()), 640, 360);
    jpeg(storm, 0.85f, out.resolve("storm.jpg"));
    jpeg(meadow, 0.85f, out.resolve("meadow.jpg"));
    jpeg(scale(storm, 910, 512), 0.85f, out.resolve("storm-resized.jpg"));
    jpeg(storm, 0.60f, out.resolve("storm-q60.jpg"));
    jpeg(gain(storm, 0.08), 0.9f, out.resolve("storm-dark.jpg"));
    jpeg(gain(storm, 10.0), 0.9f, out.resolve("storm-bright.jpg"));
    jpeg(blur(storm, 6), 0.9f, out.resolve("storm-blurred.jpg"));
    ImageIO.write(halves(640, 360, 0x3a6ea5, 0x3a6ea5), "png", out.resolve("solid-blue.png").toFile());
    ImageIO.write(halves(640, 360, 0x7a1e1e, 0x7a1e1e), "png", out.resolve("solid-red.png").toFile());
    ImageIO.write(halves(640, 360, 0x202020, 0xe0c040), "png", out.resolve("two-tone.png").toFile());
    jpeg(scale(storm, 300, 200), 0.85f, out.resolve("small-300x200.jpg"));
    jpeg(scale(meadow, 640, 480), 0.85f, out.resolve("meadow-4x3.jpg"));
    byte[] full = Files.readAllBytes(out.resolve("meadow.jpg"));
    Files.write(out.resolve("truncated.jpg"), Arrays.copyOf(full, full.length / 2));
    Files.write(out.resolve("empty.png"), new byte[0]);
    Files.writeString(out.resolve("not-an-image.png"), "this is a text file with a .png name\n");
    Files.write(out.resolve("bomb.png"), bomb(100_000, 100_000));
  }

  static BufferedImage scale(BufferedImage in, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(in, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static BufferedImage gain(BufferedImage in, double k) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int c = in.getRGB(x, y), r = 0;
        for (int s = 16; s >= 0; s -= 8) r = (r << 8) | (int) Math.min(255, ((c >> s) & 0xff) * k);
        out.setRGB(x, y, r);
      }
    }
    return out;
  }

  private static BufferedImage blur(BufferedImage in, int radius) {
    BufferedImage cur = in;
    for (int pass = 0; pass < 3; pass++) {
      BufferedImage next = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < in.getHeight(); y++) {
        for (int x = 0; x < in.getWidth(); x++) {
          long r = 0, g = 0, b = 0;
          int n = 0;
          for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
              int xx = Math.max(0, Math.min(in.getWidth() - 1, x + dx)), yy = Math.max(0, Math.min(in.getHeight() - 1, y + dy));
              int c = cur.getRGB(xx, yy);
              r += (c >> 16) & 0xff;
              g += (c >> 8) & 0xff;
              b += c & 0xff;
              n++;
            }
          }
          next.setRGB(x, y, (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n));
        }
      }
      cur = next;
    }
    return cur;
  }

  private static BufferedImage halves(int w, int h, int left, int right) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, x < w / 2 ? left : right);
    return out;
  }

  private static void jpeg(BufferedImage img, float quality, Path file) throws Exception {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpg");
    ImageWriter w = writers.next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    Files.deleteIfExists(file);
    try (var out = ImageIO.createImageOutputStream(new File(file.toString()))) {
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    }
    w.dispose();
  }

  /** A valid PNG header declaring huge dimensions, with a tiny IDAT: a decoder that trusted it would allocate 40 GB. */
  static byte[] bomb(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
    Deflater d = new Deflater();
    d.setInput(new byte[64]);
    d.finish();
    byte[] buf = new byte[128];
    int n = d.deflate(buf);
    chunk(out, "IDAT", Arrays.copyOf(buf, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type.getBytes());
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(type.getBytes());
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
