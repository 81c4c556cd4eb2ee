package dev.winnow.screen.bench;

import dev.winnow.screen.Fingerprint;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Near-duplicate precision and recall of the screen on the evaluation set that bench/screen/build-eval-set.sh builds
 * (files {@code ID__KIND.EXT}; one ID, one picture). Every pair of images is judged as the screen judges it: hashes
 * within the screen's radius, then {@link Fingerprint#sameImage}. Prints markdown tables per variant kind for all IDs,
 * for the odd IDs (on which the thresholds were tuned) and the even IDs (held out), the false matches, and the cost.
 *
 * <p>The truth comes from the pixels, not from the screen: two originals with identical pixels are one picture (the
 * set has a few wallpapers shipped twice, and solid fills that equal one another); an original whose luma standard
 * deviation is under 1 is blank, and its variants (a blank rotated, a blank with a caption) are left out, since they
 * are copies of nothing. Blank originals stay in as negatives.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.winnow.screen.bench.NearDuplicateEval bench/work/eval [RADIUS]</pre>
 */
public final class NearDuplicateEval {
  private static final Pattern NAME = Pattern.compile("([a-z]\\d+)__([a-z0-9_]+)\\.(png|jpg|webp)");
  private static final double BLANK_SPREAD = 1.0;

  record Image(String name, String id, String kind, Fingerprint fingerprint) {
    boolean original() {
      return kind.equals("orig");
    }

    boolean oddId() {
      return Integer.parseInt(id.substring(1)) % 2 == 1;
    }
  }

  /** What the pixels of the originals say: which IDs are one picture, and which are blank. */
  record Truth(Map<String, String> pictureOf, List<String> blank) {
    boolean samePicture(Image a, Image b) {
      return pictureOf.get(a.id()).equals(pictureOf.get(b.id()));
    }
  }

  record Pair(Image a, Image b, boolean same, boolean matched) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) throw new IllegalArgumentException("usage: NearDuplicateEval EVAL_DIR [RADIUS] (EVAL_DIR built by bench/screen/build-eval-set.sh)");
    Path dir = Path.of(args[0]);
    List<Path> files = imageFiles(dir);
    if (files.isEmpty()) throw new IllegalArgumentException("no ID__KIND images in " + dir + ": run bench/screen/build-eval-set.sh");
    // The screen's own radius unless another is asked for, to see what a wider or narrower one would do.
    int radius = args.length > 1 ? Integer.parseInt(args[1]) : ScreenSettings.defaults().duplicateDistance();
    long t0 = System.nanoTime();
    List<Image> images = fingerprints(files);
    Truth truth = truth(dir, images);
    long t1 = System.nanoTime();
    List<Image> judged = images.stream().filter(i -> i.original() || !truth.blank().contains(i.id())).toList();
    List<Pair> pairs = judge(judged, truth, radius);
    long t2 = System.nanoTime();

    System.out.printf(Locale.ROOT, "%d images (%d judged; blank originals, whose variants are left out: %s); same-picture originals: %s; hash radius %d%n%n",
        images.size(), judged.size(), truth.blank(), merged(truth), radius);
    System.out.println("### All IDs\n");
    table(pairs, p -> true);
    System.out.println("### Odd IDs (tuning)\n");
    table(pairs, p -> p.a().oddId() && p.b().oddId());
    System.out.println("### Even IDs (held out)\n");
    table(pairs, p -> !p.a().oddId() && !p.b().oddId());
    System.out.println("### False matches\n");
    list(pairs.stream().filter(p -> p.matched() && !p.same()).limit(40).toList());
    System.out.println("### Missed copies (original ~ variant)\n");
    list(pairs.stream().filter(p -> p.same() && !p.matched() && (p.a().original() || p.b().original()) && p.a().id().equals(p.b().id())).toList());
    long verified = pairs.stream().filter(p -> Long.bitCount(p.a().fingerprint().hash() ^ p.b().fingerprint().hash()) <= radius).count();
    System.out.printf(Locale.ROOT, "fingerprinting %.1f s on %d threads; %d pairs, %d within the radius verified in %.2f s (%.0f us a pair)%n",
        (t1 - t0) / 1e9, threads(), pairs.size(), verified, (t2 - t1) / 1e9, (t2 - t1) / 1e3 / Math.max(1, verified));
    System.out.println("cost on " + ScreenCost.measure(files));
  }

  private static void list(List<Pair> pairs) {
    if (pairs.isEmpty()) System.out.println("none");
    for (Pair p : pairs) {
      int distance = Long.bitCount(p.a().fingerprint().hash() ^ p.b().fingerprint().hash());
      System.out.println("- " + p.a().name() + " ~ " + p.b().name() + " (hash distance " + distance + ")");
    }
    System.out.println();
  }

  private static List<Path> imageFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  private static int threads() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static List<Image> fingerprints(List<Path> files) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads());
    try {
      List<Future<Image>> futures = new ArrayList<>();
      for (Path file : files) futures.add(pool.submit(() -> image(file)));
      List<Image> out = new ArrayList<>();
      for (Future<Image> f : futures) out.add(f.get());
      return out;
    } finally {
      pool.shutdown();
    }
  }

  private static Image image(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalStateException(file.toString());
    try {
      Fingerprint f = Screen.fingerprint(Files.readAllBytes(file)).orElseThrow(() -> new IllegalStateException("cannot decode " + file));
      return new Image(file.getFileName().toString(), m.group(1), m.group(2), f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads every original's pixels: identical pixels make one picture, a luma spread under 1 a blank. */
  private static Truth truth(Path dir, List<Image> images) throws IOException {
    Map<String, String> pictureOf = new TreeMap<>();
    Map<String, String> byPixels = new HashMap<>();
    List<String> blank = new ArrayList<>();
    for (Image i : images) {
      if (!i.original()) continue;
      BufferedImage pixels = ImageIO.read(dir.resolve(i.name()).toFile());
      int[] argb = pixels.getRGB(0, 0, pixels.getWidth(), pixels.getHeight(), null, 0, pixels.getWidth());
      String key = pixels.getWidth() + "x" + pixels.getHeight() + ":" + digest(argb);
      pictureOf.put(i.id(), byPixels.computeIfAbsent(key, k -> i.id()));
      if (lumaSpread(argb) < BLANK_SPREAD) blank.add(i.id());
    }
    return new Truth(pictureOf, blank);
  }

  private static String digest(int[] argb) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer bytes = ByteBuffer.allocate(argb.length * 4);
      bytes.asIntBuffer().put(argb);
      return HexFormat.of().formatHex(sha.digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double lumaSpread(int[] argb) {
    double sum = 0, squares = 0;
    for (int p : argb) {
      double y = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
      sum += y;
      squares += y * y;
    }
    double mean = sum / argb.length;
    return Math.sqrt(Math.max(0, squares / argb.length - mean * mean));
  }

  private static String merged(Truth truth) {
    List<String> out = new ArrayList<>();
    truth.pictureOf().forEach((id, picture) -> {
      if (!id.equals(picture)) out.add(id + "=" + picture);
    });
    return out.toString();
  }

  /** Every pair, judged as the screen's index would: within the hash radius, then the fingerprint comparison. */
  private static List<Pair> judge(List<Image> images, Truth truth, int radius) {
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      for (int j = i + 1; j < images.size(); j++) {
        Image a = images.get(i), b = images.get(j);
        boolean near = Long.bitCount(a.fingerprint().hash() ^ b.fingerprint().hash()) <= radius;
        out.add(new Pair(a, b, truth.samePicture(a, b), near && a.fingerprint().sameImage(b.fingerprint())));
      }
    }
    return out;
  }

  /**
   * One row per variant kind: its pairs with the original of its ID, how many the screen found, and the false matches
   * that involve an image of that kind. Then the other same-picture pairs (variant with variant), and overall.
   */
  private static void table(List<Pair> all, Predicate<Pair> inSplit) {
    List<Pair> pairs = all.stream().filter(inSplit).toList();
    Map<String, int[]> rows = new TreeMap<>();
    for (Pair p : pairs) {
      if (p.same() && p.a().id().equals(p.b().id()) && (p.a().original() ^ p.b().original())) {
        int[] row = rows.computeIfAbsent(p.a().original() ? p.b().kind() : p.a().kind(), k -> new int[3]);
        row[0]++;
        if (p.matched()) row[1]++;
      }
      if (p.matched() && !p.same()) {
        rows.computeIfAbsent(p.a().kind(), k -> new int[3])[2]++;
        if (!p.b().kind().equals(p.a().kind())) rows.computeIfAbsent(p.b().kind(), k -> new int[3])[2]++;
      }
    }
    System.out.println("| kind | pairs | found | recall | false matches | precision |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    int pairsTotal = 0, foundTotal = 0;
    for (var e : rows.entrySet()) {
      int[] r = e.getValue();
      if (e.getKey().equals("orig") && r[0] == 0) continue;
      pairsTotal += r[0];
      foundTotal += r[1];
      System.out.println(row(e.getKey(), r[0], r[1], r[2]));
    }
    int otherPairs = 0, otherFound = 0, falseTotal = 0, matchedSame = 0;
    for (Pair p : pairs) {
      boolean originalPair = p.a().id().equals(p.b().id()) && (p.a().original() ^ p.b().original());
      if (p.same() && !originalPair) {
        otherPairs++;
        if (p.matched()) otherFound++;
      }
      if (p.matched() && p.same()) matchedSame++;
      if (p.matched() && !p.same()) falseTotal++;
    }
    int originalFalse = rows.containsKey("orig") ? rows.get("orig")[2] : 0;
    System.out.printf(Locale.ROOT, "| *original ~ original* | | | | %d | |%n", originalFalse);
    System.out.printf(Locale.ROOT, "| *variant ~ variant, same picture* | %d | %d | %.3f | | |%n", otherPairs, otherFound, ratio(otherFound, otherPairs));
    System.out.printf(Locale.ROOT, "| **overall (original ~ variant)** | %d | %d | **%.3f** | %d | **%.3f** |%n%n", pairsTotal, foundTotal,
        ratio(foundTotal, pairsTotal), falseTotal, ratio(matchedSame, matchedSame + falseTotal));
    System.out.printf(Locale.ROOT, "Precision over every matched pair (%d same-picture, %d false).%n%n", matchedSame, falseTotal);
  }

  private static String row(String kind, int pairs, int found, int falseMatches) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %.3f |", kind, pairs, found, pairs == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ratio(found, pairs)),
        falseMatches, ratio(found, found + falseMatches));
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 1 : (double) a / b;
  }
}
