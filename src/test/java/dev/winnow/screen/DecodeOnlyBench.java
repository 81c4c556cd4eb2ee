package dev.winnow.screen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;

/**
 * The floor the screen is measured against: read and decode every image of a folder (same guarded decoder, same
 * threads, same window), and nothing else. {@code bench/screen/throughput.sh} runs it beside {@code winnow screen} on
 * the same folder.
 *
 * <p>By default each picture is decoded whole, as any tool that looks at it must. With {@code --sampled} it decodes
 * only the pixels the screen reads ({@link Decoder#sample}), which is what the screen itself does: the difference
 * between that and the screen is the cost of the screen's own work.
 *
 * <pre>java -cp CLASSPATH dev.winnow.screen.DecodeOnlyBench DIR [THREADS] [--sampled]</pre>
 */
public final class DecodeOnlyBench {
  private DecodeOnlyBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    boolean sampled = args.length > 2 && args[2].equals("--sampled");
    long maxPixels = ScreenSettings.defaults().maxPixels();
    List<Path> files = FolderScreen.list(dir).images();
    AtomicLong pixels = new AtomicLong();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> window = new ArrayList<>();
      for (Path f : files) {
        window.add(pool.submit(() -> {
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(f);
          } catch (IOException e) {
            return;
          }
          Decoder.Result decoded = sampled ? Decoder.sample(bytes, maxPixels, Measure::period) : Decoder.decode(bytes, maxPixels);
          decoded.image().ifPresent(i -> pixels.addAndGet((long) i.getWidth() * i.getHeight()));
        }));
        if (window.size() >= 16 * threads) window.remove(0).get(); // the same window as the screen's
      }
      for (Future<?> f : window) f.get();
    } finally {
      pool.shutdown();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "decode-only%s: %d images, %.1f MP decoded to pixels, %.2f s, %.1f images/s, %d threads%n", sampled ? " (sampled as the screen reads)" : "", files.size(), pixels.get() / 1e6, s, files.size() / s, threads);
  }
}
