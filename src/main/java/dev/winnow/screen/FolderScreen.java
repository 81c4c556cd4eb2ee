package dev.winnow.screen;

import dev.winnow.spec.AspectRatio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Screens every image in a folder tree with the pipeline's checks. Files are decoded and measured on several threads
 * but decided strictly in path order, so the same folder always gives the same duplicates (the first in order is
 * kept). Streaming: one image per thread is in memory at once, whatever the folder holds. A file that
 * cannot be read or decoded is a result like any other and never stops the run.
 */
public final class FolderScreen {
  /** Names screened: images by extension. Anything else is counted as skipped. */
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp");

  /** One file's verdict; {@code relative} is its path under the folder, with forward slashes. */
  public record FileResult(Path file, String relative, ScreenVerdict verdict) {}

  /** What a run covered: images screened, other files skipped, bytes read and how long it took. */
  public record Totals(int screened, int skipped, long bytes, long nanos) {
    public double imagesPerSecond() {
      return nanos == 0 ? 0 : screened * 1e9 / nanos;
    }
  }

  private static final int WINDOW_PER_THREAD = 16;

  private final Screen screen;
  private final int threads;

  public FolderScreen(Screen screen, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1 (got " + threads + ")");
    this.screen = screen;
    this.threads = threads;
  }

  /** The image files under {@code dir}, in path order, and how many other files were skipped. */
  public static Listing list(Path dir) {
    // A folder given as a symbolic link is walked where it points (a walk does not follow links, not even the one it
    // starts from); the paths keep the name given. Links inside the folder are not followed, so no loop is possible.
    try {
      Path real = dir.toRealPath();
      try (Stream<Path> walk = Files.walk(real)) {
        List<Path> all = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
            .map(p -> dir.resolve(real.relativize(p))).sorted().toList();
        List<Path> images = all.stream().filter(FolderScreen::isImageName).toList();
        return new Listing(images, all.size() - images.size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  public record Listing(List<Path> images, int skipped) {}

  /** Screens {@code listing}'s files under {@code dir}, handing each verdict to {@code sink} in path order. */
  public Totals run(Path dir, Listing listing, AspectRatio expectedAspect, Consumer<FileResult> sink) throws InterruptedException {
    long t0 = System.nanoTime();
    long bytes = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "winnow-screen");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<Loaded>> window = new ArrayDeque<>();
      int next = 0;
      List<Path> files = listing.images();
      while (next < files.size() || !window.isEmpty()) {
        // Results ahead of the one decided next may wait, so one slow file does not idle the other threads. A result
        // is a few numbers (its pixels are dropped once measured), so only the images being decoded take memory.
        while (next < files.size() && window.size() < WINDOW_PER_THREAD * threads) {
          Path file = files.get(next++);
          window.add(pool.submit(() -> load(file)));
        }
        Loaded loaded = get(window.poll());
        bytes += loaded.bytes();
        String relative = dir.relativize(loaded.file()).toString().replace('\\', '/');
        sink.accept(new FileResult(loaded.file(), relative, screen.decide(relative, loaded.measured(), expectedAspect)));
      }
    } finally {
      pool.shutdownNow();
    }
    return new Totals(listing.images().size(), listing.skipped(), bytes, System.nanoTime() - t0);
  }

  private record Loaded(Path file, Screen.Measured measured, long bytes) {}

  private Loaded load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | OutOfMemoryError e) {
      bytes = new byte[0]; // unreadable: screened as undecodable
    }
    return new Loaded(file, screen.measure(bytes), bytes.length);
  }

  private static Loaded get(Future<Loaded> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("screening failed: " + e.getCause(), e.getCause());
    }
  }

  private static boolean isImageName(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
