package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The offline stand-in for a vision judge, and labelled as one everywhere it appears ({@code vision:local-standin}).
 * It cannot see what an image shows, so it ignores the rubric's questions and scores four statistics any photo
 * editor would glance at: exposure, contrast, sharpness and colourfulness. Deterministic and free: it lets the
 * vision and mixed flows run, and be tested, with no key and no network.
 */
public final class LocalStandInJudge implements VisionJudge {
  /** Pixels sampled per side at most: statistics of a 1K draft barely move past this and it keeps judging fast. */
  private static final int SAMPLES = 256;

  @Override
  public String name() {
    return "local-standin";
  }

  @Override
  public Judgement judge(Candidate candidate, byte[] draft, Rubric rubric) {
    BufferedImage image = decode(draft);
    if (image == null) return new Judgement(0, 1, Map.of(), "local stand-in: the draft does not decode", BigDecimal.ZERO);
    Stats s = Stats.of(image);
    Map<String, Double> criteria = new LinkedHashMap<>();
    criteria.put("exposure", clamp(1 - Math.abs(s.luma - 128) / 100));
    criteria.put("contrast", ramp(s.lumaSd, 12, 55));
    criteria.put("sharpness", ramp(s.edges, 2, 14));
    criteria.put("colourfulness", ramp(s.colourfulness, 10, 60));
    double score = criteria.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    // Far from the 0.5 line is sure; within 0.125 of it the statistics cannot tell, so a person should look.
    double confidence = clamp(Math.abs(score - 0.5) * 4);
    String reason = String.format(Locale.ROOT, "local stand-in (image statistics, not a vision model): score %.2f; exposure %.2f, contrast %.2f, sharpness %.2f, colourfulness %.2f",
        score, criteria.get("exposure"), criteria.get("contrast"), criteria.get("sharpness"), criteria.get("colourfulness"));
    return new Judgement(score, confidence, criteria, reason, BigDecimal.ZERO);
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      return null;
    }
  }

  private static double ramp(double v, double zeroAt, double oneAt) {
    return clamp((v - zeroAt) / (oneAt - zeroAt));
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** Mean and spread of luminance, mean gradient, and Hasler and Suesstrunk's colourfulness, on a sample grid. */
  private record Stats(double luma, double lumaSd, double edges, double colourfulness) {
    static Stats of(BufferedImage img) {
      int w = img.getWidth(), h = img.getHeight();
      int stepX = Math.max(1, w / SAMPLES), stepY = Math.max(1, h / SAMPLES);
      double sum = 0, sumSq = 0, grad = 0, rg = 0, rgSq = 0, yb = 0, ybSq = 0;
      int n = 0, g = 0;
      for (int y = 0; y < h; y += stepY) {
        for (int x = 0; x < w; x += stepX) {
          int p = img.getRGB(x, y);
          int r = (p >> 16) & 0xff, gr = (p >> 8) & 0xff, b = p & 0xff;
          double l = luma(p);
          sum += l;
          sumSq += l * l;
          double a = r - gr, c = 0.5 * (r + gr) - b;
          rg += a;
          rgSq += a * a;
          yb += c;
          ybSq += c * c;
          n++;
          if (x + 1 < w && y + 1 < h) {
            grad += Math.abs(l - luma(img.getRGB(x + 1, y))) + Math.abs(l - luma(img.getRGB(x, y + 1)));
            g++;
          }
        }
      }
      double mean = sum / n;
      double sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      double mRg = rg / n, mYb = yb / n;
      double sRg = Math.sqrt(Math.max(0, rgSq / n - mRg * mRg)), sYb = Math.sqrt(Math.max(0, ybSq / n - mYb * mYb));
      double colourful = Math.hypot(sRg, sYb) + 0.3 * Math.hypot(mRg, mYb);
      return new Stats(mean, sd, g == 0 ? 0 : grad / g, colourful);
    }

    private static double luma(int p) {
      return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }
  }
}
