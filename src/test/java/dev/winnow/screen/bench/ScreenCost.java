package dev.winnow.screen.bench;

import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * What screening costs an image, against decoding it alone: one thread, every fourth file of a folder, three rounds
 * (the first warms the JIT). It uses only what the screen's public API has had from the start ({@code new Screen},
 * {@code check}), so the same file compiled against an older build measures that build:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.winnow.screen.bench.ScreenCost bench/work/eval
 * </pre>
 */
public final class ScreenCost {
  private ScreenCost() {}

  public static void main(String[] args) throws IOException {
    List<Path> files;
    try (var s = Files.list(Path.of(args[0]))) {
      files = s.filter(p -> p.getFileName().toString().matches("[a-z]\\d+__[a-z0-9_]+\\.(png|jpg|webp)")).sorted().toList();
    }
    for (int round = 1; round <= 3; round++) System.out.println("round " + round + ": " + measure(files));
  }

  /** One round over every fourth file: decode alone against the whole check on a fresh screen, per image. */
  static String measure(List<Path> files) throws IOException {
    List<byte[]> sample = new ArrayList<>();
    for (int i = 0; i < files.size(); i += 4) sample.add(Files.readAllBytes(files.get(i)));
    Screen screen = new Screen(ScreenSettings.defaults());
    long decode = 0, check = 0;
    int n = 0;
    for (byte[] bytes : sample) {
      long t0 = System.nanoTime();
      ImageIO.read(new ByteArrayInputStream(bytes));
      long t1 = System.nanoTime();
      screen.check("f" + n++, bytes, null);
      long t2 = System.nanoTime();
      decode += t1 - t0;
      check += t2 - t1;
    }
    return String.format(Locale.ROOT, "%d files, one thread: decode alone %.1f ms an image; Screen.check %.1f ms an image (%.2fx the decode)",
        n, decode / 1e6 / n, check / 1e6 / n, (double) check / decode);
  }
}
