package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The blur check tells smooth from blurred: pictures made here at 1024x576 (a 1K draft), so each test knows what it
 * drew. An image with no strong edge is never blurry; one whose edges were blurred is, whatever it shows.
 */
class BlurMeasureTest {
  private static final int W = 1024, H = 576;

  private static ScreenVerdict screen(BufferedImage image) {
    return new Screen(ScreenSettings.defaults()).check("k", png(image), null);
  }

  @Test
  void aSmoothPastelGradientIsNotBlurry() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0xf7c6d9), W, H, new Color(0xa8d8f0)));
    g.fillRect(0, 0, W, H);
    g.dispose();
    ScreenVerdict v = screen(img);
    assertThat(v.metrics().orElseThrow().edgeWidth()).as("no strong edge to judge").isZero();
    assertThat(v.reasons()).doesNotContain(RejectReason.BLURRY);
  }

  @Test
  void aDarkToLightGradientWithAStrongRampIsNotBlurry() {
    // Black to white across the frame: a steep, long ramp, which is a gradient, not a wide edge.
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0x202020), W / 3f, 0, new Color(0xf0f0f0)));
    g.fillRect(0, 0, W, H);
    g.dispose();
    assertThat(screen(img).reasons()).doesNotContain(RejectReason.BLURRY);
  }

  @Test
  void aMinimalistDesignOfFlatShapesIsNotBlurry() {
    ScreenVerdict v = screen(flatShapes());
    assertThat(v.metrics().orElseThrow().edgeWidth()).as("its few edges are crisp").isBetween(0.9, 1.2);
    assertThat(v.reasons()).doesNotContain(RejectReason.BLURRY);
  }

  @Test
  void aSharpPhotoLikeImagePassesAndIsRefusedOnceBlurredWithSigma4() {
    BufferedImage sharp = photoLike();
    ScreenVerdict before = screen(sharp);
    assertThat(before.reasons()).as("the sharp original").doesNotContain(RejectReason.BLURRY);
    for (double sigma : new double[] {4, 6}) {
      ScreenVerdict after = screen(gaussian(sharp, sigma));
      assertThat(after.reasons()).as("sigma " + sigma + ", edge width " + after.metrics().orElseThrow().edgeWidth()).contains(RejectReason.BLURRY);
    }
  }

  @Test
  void theSameDesignBlurredIsRefused() {
    // What the measure looks at is the edges, not the subject: flat shapes blurred are blurred.
    assertThat(screen(gaussian(flatShapes(), 5)).reasons()).contains(RejectReason.BLURRY);
  }

  @Test
  void aSkippedCheckDoesNotRefuseAndTheImageIsKept() {
    Screen s = new Screen(ScreenSettings.defaults());
    byte[] blurred = png(gaussian(photoLike(), 6));
    ScreenVerdict v = s.check("a", blurred, null, null, Set.of(Check.BLUR));
    assertThat(v.pass()).as(v.reasons().toString()).isTrue();
    assertThat(s.check("b", blurred, null).reasons()).as("kept, so its copy is a copy").containsExactly(RejectReason.BLURRY, RejectReason.NEAR_DUPLICATE);
    assertThat(Screen.forFolder(ScreenSettings.defaults()).skipping(Set.of(Check.BLUR)).check("c", blurred, null).pass()).isTrue();
  }

  /** Three flat shapes and a line over a plain pale field, anti-aliased: a minimalist wallpaper. */
  static BufferedImage flatShapes() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xf4ece1));
    g.fillRect(0, 0, W, H);
    g.setColor(new Color(0xe07a5f));
    g.fill(new Ellipse2D.Double(620, 140, 220, 220));
    g.setColor(new Color(0x3d405b));
    g.fillPolygon(new int[] {120, 420, 720}, new int[] {520, 200, 520}, 3);
    g.setColor(new Color(0x81b29a));
    g.fillRect(0, 520, W, 56);
    g.setStroke(new BasicStroke(6));
    g.setColor(new Color(0x3d405b));
    g.drawLine(80, 90, 400, 90);
    g.dispose();
    return img;
  }

  /**
   * A procedural stand-in for a photograph: a sky gradient, layered ridges with jagged tops, textured rock and a few
   * hundred small bright and dark specks (stones, leaves), so it has edges at every scale.
   */
  static BufferedImage photoLike() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(7);
    double[][] tops = new double[3][W];
    for (int j = 0; j < 3; j++) {
      double y = H * (0.35 + 0.15 * j);
      for (int x = 0; x < W; x++) {
        y += (r.nextDouble() - 0.5) * 9;
        y = Math.max(H * 0.2, Math.min(H * 0.9, y));
        tops[j][x] = y;
      }
    }
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double t = (double) y / H;
        int rgb = rgb(90 + 100 * t, 140 + 70 * t, 220 - 20 * t);
        for (int j = 0; j < 3; j++) {
          if (y >= tops[j][x]) {
            double tex = 25 * (r.nextDouble() - 0.5) + 18 * Math.sin(x * 0.21 + y * 0.13 + j);
            rgb = rgb(60 + 35 * j + tex, 70 + 25 * j + tex, 60 + 10 * j + tex);
          }
        }
        img.setRGB(x, y, rgb);
      }
    }
    Graphics2D g = img.createGraphics();
    for (int i = 0; i < 600; i++) {
      g.setColor(i % 2 == 0 ? new Color(0xf0e8d0) : new Color(0x202418));
      g.fillRect(r.nextInt(W), H / 2 + r.nextInt(H / 2), 3 + r.nextInt(6), 3 + r.nextInt(6));
    }
    g.dispose();
    return img;
  }

  private static int rgb(double r, double g, double b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A separable Gaussian, kernel to 3 sigma, edges clamped. */
  static BufferedImage gaussian(BufferedImage src, double sigma) {
    return dev.winnow.screen.bench.BlurSet.gaussian(src, sigma);
  }

  static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
