package dev.winnow.screen.bench;

import dev.winnow.screen.FolderScreen;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Precision and recall of the screen's near-duplicate test on the evaluation set that
 * {@code bench/screen/build-eval-set.sh} builds: files {@code ID__KIND.EXT}, the same ID being the same picture.
 * Every pair of files is asked "duplicates?" the way the screen asks it; a pair is truly a duplicate when the IDs
 * match. Recall per kind counts the pairs (ID__orig, ID__KIND); precision per kind counts the pairs the test called
 * duplicates that involve a file of that kind.
 *
 * <pre>java -cp CLASSPATH dev.winnow.screen.bench.NearDuplicateEval bench/work/eval</pre>
 */
public final class NearDuplicateEval {
  private record Item(String id, String kind, Screen.Measured measured) {}

  private NearDuplicateEval() {}

  /** The picture an id stands for: two sources that are the same file (Debian ships some twice) are one picture. */
  static String canonical(String id, Path dir) throws java.io.IOException {
    Path orig = dir.resolve(id + "__orig.png");
    if (!id.startsWith("o") || !Files.exists(orig)) return id;
    return IDENTICAL.computeIfAbsent(java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(orig))), k -> id);
  }

  /**
   * Pairs left out of the count: the builder makes d{k} by darkening o{7k} to 15% and l{k} by squeezing o{7k+3} into
   * 42-58% grey. Those are the same picture, but changed far beyond the variants a duplicate must survive, so
   * neither answer is wrong for them; among themselves, and with their own JPEG copies, they count as usual.
   */
  static boolean undecided(String a, String b) {
    return derivedFrom(a, b) || derivedFrom(b, a);
  }

  private static boolean derivedFrom(String made, String source) {
    if (!source.startsWith("o")) return false;
    int n = Integer.parseInt(made.substring(1)), o = Integer.parseInt(source.substring(1));
    return (made.startsWith("d") && o == 7 * n) || (made.startsWith("l") && o == 7 * n + 3);
  }

  private static final Map<String, String> IDENTICAL = new java.util.concurrent.ConcurrentHashMap<>();

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/work/eval");
    ScreenSettings d = ScreenSettings.defaults();
    // -Ddistance=N and -DminContrast=X try other thresholds without a rebuild.
    ScreenSettings settings = new ScreenSettings(d.minSide(), d.aspectTolerance(), d.minBrightness(), d.maxBrightness(), d.minSharpness(),
        Double.parseDouble(System.getProperty("minContrast", String.valueOf(d.minContrast()))),
        Integer.getInteger("distance", d.duplicateDistance()), d.maxPixels());
    Screen screen = Screen.forFolder(settings);
    List<Path> files = FolderScreen.list(dir).images();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<Item>> futures = new ArrayList<>();
    for (Path f : files) {
      futures.add(pool.submit(() -> {
        String name = f.getFileName().toString();
        String id = canonical(name.substring(0, name.indexOf("__")), dir);
        String kind = name.substring(name.indexOf("__") + 2, name.lastIndexOf('.'));
        Screen.Measured m = screen.measure(Files.readAllBytes(f));
        if (m.metrics().isEmpty()) throw new IllegalStateException("cannot decode " + f);
        return new Item(id, kind, m);
      }));
    }
    List<Item> items = new ArrayList<>();
    for (Future<Item> f : futures) items.add(f.get());
    pool.shutdown();

    Map<String, int[]> byKind = new TreeMap<>(); // kind -> {positives, found, calledDuplicate, wronglyCalled}
    int tp = 0, fp = 0, fn = 0;
    for (int i = 0; i < items.size(); i++) {
      for (int j = i + 1; j < items.size(); j++) {
        Item a = items.get(i), b = items.get(j);
        if (undecided(a.id(), b.id())) continue;
        boolean truth = a.id().equals(b.id());
        boolean said = screen.duplicates(a.measured(), b.measured());
        if (said && truth) tp++;
        if (said && !truth) fp++;
        if (!said && truth) fn++;
        boolean origPair = truth && (a.kind().equals("orig") || b.kind().equals("orig"));
        if (origPair) {
          String kind = a.kind().equals("orig") ? b.kind() : a.kind();
          int[] k = byKind.computeIfAbsent(kind, x -> new int[4]);
          k[0]++;
          if (said) k[1]++;
        }
        if (said) {
          for (String kind : a.kind().equals(b.kind()) ? List.of(a.kind()) : List.of(a.kind(), b.kind())) {
            int[] k = byKind.computeIfAbsent(kind, x -> new int[4]);
            k[2]++;
            if (!truth) k[3]++;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d images, %d pictures, %d duplicate pairs in truth%n%n", items.size(),
        items.stream().map(Item::id).distinct().count(), tp + fn);
    System.out.println("| variant | pairs with its original | found (recall) | pairs called duplicate | false | precision |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    byKind.forEach((kind, k) -> System.out.printf(Locale.ROOT, "| %s | %d | %d (%.3f) | %d | %d | %.3f |%n", kind, k[0], k[1],
        k[0] == 0 ? Double.NaN : (double) k[1] / k[0], k[2], k[3], k[2] == 0 ? Double.NaN : 1 - (double) k[3] / k[2]));
    System.out.printf(Locale.ROOT, "| **all pairs** | %d | %d (%.3f) | %d | %d | %.3f |%n", tp + fn, tp, (double) tp / (tp + fn), tp + fp, fp,
        tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp));
  }
}
