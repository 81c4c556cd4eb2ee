package dev.winnow.screen.bench;

import dev.winnow.screen.RejectReason;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.screen.ScreenVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Precision and recall of the screen's {@code blurry} verdict on the set {@link BlurSet} builds, and its false
 * refusals of the originals ({@code blurry} and {@code flat}). The truth is the file name: {@code ID__orig} is sharp as
 * its author made it, {@code ID__sN} is that picture blurred with a Gaussian of sigma N. Every image is screened on a
 * fresh screen with the default settings, so no copy is refused as a near-duplicate of its original and nothing else
 * can move the two verdicts counted. It uses only the screen's oldest public API ({@code new Screen}, {@code check},
 * the verdict's reasons), so it measures an older build as well as this one.
 *
 * <pre>
 * java -cp ... dev.winnow.screen.bench.BlurEval DIR [--list]    (--list: one line per image refused, with its metrics)
 * </pre>
 */
public final class BlurEval {
  private static final Pattern NAME = Pattern.compile("([a-z]\\d+)__(orig|s[0-9p]+)\\.(jpg|png)");

  private BlurEval() {}

  record Row(String id, String kind, ScreenVerdict verdict, long nanos) {
    boolean blurry() {
      return verdict.reasons().contains(RejectReason.BLURRY);
    }

    boolean flat() {
      return verdict.reasons().contains(RejectReason.FLAT);
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    boolean list = args.length > 1 && args[1].equals("--list");
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    ScreenSettings settings = ScreenSettings.defaults();
    List<Row> all = files.parallelStream().map(f -> screen(f, settings)).toList();
    // A transparent picture flattened to one colour (luma spread under 1 grey level) is a picture of nothing: its
    // copies are not "blurred", and it says nothing about the blur check. Left out, as NearDuplicateEval does.
    java.util.Set<String> blank = new java.util.TreeSet<>();
    for (Row r : all) {
      if (r.kind().equals("orig") && r.verdict().metrics().map(x -> x.contrast() < 1).orElse(true)) blank.add(r.id());
    }
    List<Row> rows = all.stream().filter(r -> !blank.contains(r.id())).toList();
    Map<String, int[]> byKind = new TreeMap<>((a, b) -> order(a) - order(b));
    for (Row r : rows) {
      int[] c = byKind.computeIfAbsent(r.kind(), k -> new int[4]);
      c[0]++;
      if (r.blurry()) c[1]++;
      if (r.flat()) c[2]++;
      if (r.blurry() || r.flat()) c[3]++;
    }
    System.out.printf(Locale.ROOT, "%s: %d images; %d blank originals left out with their copies %s%n%n", dir, rows.size(), blank.size(), blank);
    System.out.println("| kind | images | refused `blurry` | refused `flat` | refused either |");
    System.out.println("|---|---:|---:|---:|---:|");
    byKind.forEach((k, c) -> System.out.printf(Locale.ROOT, "| %s | %d | %d (%.1f%%) | %d | %d |%n", k, c[0], c[1], pct(c[1], c[0]), c[2], c[3]));
    int blurredTotal = 0, blurryCalls = 0, blurryRight = 0;
    for (Row r : rows) {
      boolean blurred = !r.kind().equals("orig");
      if (blurred) blurredTotal++;
      if (r.blurry()) blurryCalls++;
      if (blurred && r.blurry()) blurryRight++;
    }
    int[] orig = byKind.getOrDefault("orig", new int[4]);
    System.out.println();
    System.out.printf(Locale.ROOT, "blurry: precision %.3f (%d of %d refused as blurry were blurred copies), recall %.3f (%d of %d blurred copies)%n",
        blurryCalls == 0 ? 1.0 : (double) blurryRight / blurryCalls, blurryRight, blurryCalls,
        blurredTotal == 0 ? 0 : (double) blurryRight / blurredTotal, blurryRight, blurredTotal);
    for (var e : byKind.entrySet()) {
      if (e.getKey().equals("orig")) continue;
      System.out.printf(Locale.ROOT, "  recall at %s: %.3f%n", e.getKey(), (double) e.getValue()[1] / e.getValue()[0]);
    }
    System.out.printf(Locale.ROOT, "originals refused: %d of %d (%d blurry, %d flat)%n", orig[3], orig[0], orig[1], orig[2]);
    double ms = rows.stream().mapToLong(Row::nanos).average().orElse(0) / 1e6;
    System.out.printf(Locale.ROOT, "Screen.check: %.1f ms an image on average (decode included, %d threads)%n", ms,
        Runtime.getRuntime().availableProcessors());
    System.out.println();
    for (Row r : rows) {
      boolean wrong = r.kind().equals("orig") ? (r.blurry() || r.flat()) : !r.blurry();
      if (!wrong) continue;
      if (r.kind().equals("orig") || list) {
        System.out.printf(Locale.ROOT, "%s %s__%s %s %s%n", r.kind().equals("orig") ? "refused" : "missed", r.id(), r.kind(),
            r.verdict().reasons(), r.verdict().metrics().map(Object::toString).orElse(""));
      }
    }
  }

  private static int order(String kind) {
    if (kind.equals("orig")) return -1;
    return (int) Math.round(Double.parseDouble(kind.substring(1).replace('p', '.')) * 100);
  }

  private static double pct(int n, int of) {
    return of == 0 ? 0 : 100.0 * n / of;
  }

  private static Row screen(Path file, ScreenSettings settings) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException(file.toString());
    try {
      byte[] bytes = Files.readAllBytes(file);
      long t0 = System.nanoTime();
      ScreenVerdict v = new Screen(settings).check(file.getFileName().toString(), bytes, null);
      return new Row(m.group(1), m.group(2), v, System.nanoTime() - t0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
