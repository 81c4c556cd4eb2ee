package dev.winnow.screen.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the blur evaluation set: each source wallpaper flattened on white and brought down to at most WIDTH px wide
 * (default {@value #WIDTH}; never up: upscaling is a blur of its own), saved as {@code ID__orig.jpg}, then Gaussian-blurred copies at
 * each sigma (in pixels of that picture) as {@code ID__sN.jpg}. JPEG at quality 0.95: its loss is far below the
 * smallest blur, and the set writes in seconds rather than the minutes PNG takes.
 *
 * <pre>
 * java -cp ... dev.winnow.screen.bench.BlurSet OUT_DIR SOURCES.txt [SIGMA...]   (default sigmas 2 4 8; -Dwidth=1024)
 * </pre>
 *
 * SOURCES.txt holds one line per picture: {@code ID PATH}.
 */
public final class BlurSet {
  static final int WIDTH = 2048;
  private static final int width = Integer.getInteger("width", WIDTH);

  private BlurSet() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    List<String> sources = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
    double[] sigmas = args.length > 2
        ? java.util.Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble).toArray()
        : new double[] {2, 4, 8};
    Files.createDirectories(out);
    AtomicInteger done = new AtomicInteger();
    sources.parallelStream().forEach(line -> {
      String[] f = line.split(" ", 2);
      try {
        make(out, f[0], Path.of(f[1]), sigmas);
        done.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        System.err.println("skipped " + f[1] + ": " + e);
      }
    });
    System.out.printf(Locale.ROOT, "%d pictures, %d blurred copies each (sigma %s) in %s%n", done.get(), sigmas.length,
        java.util.Arrays.toString(sigmas), out);
  }

  private static void make(Path out, String id, Path source, double[] sigmas) throws IOException {
    BufferedImage read = ImageIO.read(source.toFile());
    if (read == null) throw new IOException("not an image ImageIO reads");
    BufferedImage orig = scaled(read);
    jpeg(orig, out.resolve(id + "__orig.jpg"));
    for (double s : sigmas) {
      jpeg(gaussian(orig, s), out.resolve(String.format(Locale.ROOT, "%s__s%s.jpg", id, label(s))));
    }
  }

  private static String label(double sigma) {
    return sigma == Math.rint(sigma) ? Integer.toString((int) sigma) : Double.toString(sigma).replace('.', 'p');
  }

  /** On white, as ImageMagick's -flatten; halved with bilinear filtering until the last step lands on the width. */
  static BufferedImage scaled(BufferedImage src) {
    int w = src.getWidth(), h = src.getHeight();
    BufferedImage cur = flatten(src);
    while (w > width) {
      int nw = Math.max(width, w / 2);
      int nh = Math.max(1, (int) Math.round((double) h * nw / w));
      BufferedImage next = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(cur, 0, 0, nw, nh, null);
      g.dispose();
      cur = next;
      w = nw;
      h = nh;
    }
    return cur;
  }

  private static BufferedImage flatten(BufferedImage src) {
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return rgb;
  }

  /** A separable Gaussian over each channel, kernel to 3 sigma, edges clamped. */
  public static BufferedImage gaussian(BufferedImage src, double sigma) {
    int w = src.getWidth(), h = src.getHeight();
    int r = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
    for (int i = 0; i < k.length; i++) k[i] /= sum;
    int[] px = src.getRGB(0, 0, w, h, null, 0, w);
    float[][] ch = new float[3][w * h];
    for (int i = 0; i < px.length; i++) {
      ch[0][i] = (px[i] >> 16) & 0xff;
      ch[1][i] = (px[i] >> 8) & 0xff;
      ch[2][i] = px[i] & 0xff;
    }
    float[] tmp = new float[w * h];
    for (float[] c : ch) {
      pass(c, tmp, w, h, k, r, 1, w);
      pass(tmp, c, h, w, k, r, w, 1);
    }
    int[] outPx = new int[w * h];
    for (int i = 0; i < outPx.length; i++) {
      outPx[i] = (clamp(ch[0][i]) << 16) | (clamp(ch[1][i]) << 8) | clamp(ch[2][i]);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, outPx, 0, w);
    return out;
  }

  /** One direction: {@code len} samples {@code step} apart per line, {@code lines} lines {@code lineStep} apart. */
  private static void pass(float[] in, float[] out, int len, int lines, double[] k, int r, int step, int lineStep) {
    for (int l = 0; l < lines; l++) {
      int base = l * lineStep;
      for (int i = 0; i < len; i++) {
        double acc = 0;
        for (int j = -r; j <= r; j++) {
          int p = Math.min(len - 1, Math.max(0, i + j));
          acc += k[j + r] * in[base + p * step];
        }
        out[base + i * step] = (float) acc;
      }
    }
  }

  private static int clamp(float v) {
    return Math.min(255, Math.max(0, Math.round(v)));
  }

  private static void jpeg(BufferedImage img, Path file) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = writer.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.95f);
    try (var os = Files.newOutputStream(file); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }
}
