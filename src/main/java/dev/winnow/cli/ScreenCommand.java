package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.WinnowException;
import dev.winnow.screen.Check;
import dev.winnow.screen.FolderScreen;
import dev.winnow.screen.ImageMetrics;
import dev.winnow.screen.RejectReason;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.AspectRatio;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow screen DIR}: the pipeline's free checks on any folder of images. */
@Command(
    name = "screen",
    header = "Screen a folder of images with the checks a batch's drafts get.",
    mixinStandardHelpOptions = true,
    description = {
      "Screen every PNG, JPEG and WebP under a folder (recursively) with the checks a batch's drafts get: resolution,",
      "aspect ratio, brightness, blur, flat or two-tone images, undecodable or oversized files, and near-duplicates",
      "(the first file in path order is kept, later copies are flagged). Broken files are reported, never fatal.",
      "Prints a summary by reason and the duplicate groups; --json prints one line per file instead.",
      ""
    },
    footer = {"", "Exit codes: 0 screened (whatever the verdicts), 2 usage error (no such folder, bad threshold)."})
final class ScreenCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScreenSettings DEFAULTS = ScreenSettings.defaults();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The folder to screen (subfolders included).")
  Path dir;

  @Option(names = "--json", description = "One JSON object per file, in path order: file, pass, reasons, width, height, brightness, sharpness, edge_width, hash, duplicate_of.")
  boolean json;

  @Option(names = "--aspect", paramLabel = "W:H", description = "Also reject images whose aspect ratio differs from this (default: any ratio).")
  String aspect;

  @Option(names = "--min-side", paramLabel = "PX", description = "Smallest acceptable width and height (default: ${DEFAULT-VALUE}).")
  int minSide = DEFAULTS.minSide();

  @Option(names = "--aspect-tolerance", paramLabel = "X", description = "Largest relative difference from --aspect (default: ${DEFAULT-VALUE}).")
  double aspectTolerance = DEFAULTS.aspectTolerance();

  @Option(names = "--min-brightness", paramLabel = "0..255", description = "Darkest acceptable mean luma (default: ${DEFAULT-VALUE}).")
  double minBrightness = DEFAULTS.minBrightness();

  @Option(names = "--max-brightness", paramLabel = "0..255", description = "Brightest acceptable mean luma (default: ${DEFAULT-VALUE}).")
  double maxBrightness = DEFAULTS.maxBrightness();

  @Option(names = "--max-edge-width", paramLabel = "PX", description = "Widest the sharper edges may be, in pixels at a 256-px working width; wider is blurry, and an image with no strong edge (a smooth gradient) never is (default: ${DEFAULT-VALUE}).")
  double maxEdgeWidth = DEFAULTS.maxEdgeWidth();

  @Option(names = "--min-sharpness", hidden = true, paramLabel = "X", description = "Gone: blur is judged by edge width (--max-edge-width).")
  Double minSharpness;

  @Option(names = "--skip-check", paramLabel = "NAME", description = "Do not apply this check (repeatable): blur, flat or brightness.")
  List<String> skipChecks = new ArrayList<>();

  @Option(names = "--min-contrast", paramLabel = "X", description = "Smallest luma standard deviation; lower is flat (default: ${DEFAULT-VALUE}).")
  double minContrast = DEFAULTS.minContrast();

  @Option(names = "--duplicate-distance", paramLabel = "BITS", description = "Largest perceptual-hash distance (of 64 bits) at which two images are compared as possible near-duplicates; the comparison of their lined-up thumbnails and colours decides (default: ${DEFAULT-VALUE}).")
  int duplicateDistance = DEFAULTS.duplicateDistance();

  @Option(names = "--max-megapixels", paramLabel = "MP", description = "Largest image decoded; bigger declared sizes are rejected unread (default: ${DEFAULT-VALUE}).")
  double maxMegapixels = DEFAULTS.maxPixels() / 1e6;

  @Option(names = "--threads", paramLabel = "N", description = "Images decoded at once (default: the number of cores, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(dir)) throw new WinnowException("screen: " + dir + " is not a folder", WinnowException.USAGE);
    if (threads < 1 || threads > 256) throw new WinnowException("--threads must be between 1 and 256 (got " + threads + ")", WinnowException.USAGE);
    AspectRatio expected = aspect == null ? null
        : AspectRatio.parse(aspect).orElseThrow(() -> new WinnowException("--aspect must look like 16:9 (got " + aspect + ")", WinnowException.USAGE));
    if (minSharpness != null) {
      throw new WinnowException("--min-sharpness is gone: blur is judged by how wide the edges are; use --max-edge-width PX (default "
          + DEFAULTS.maxEdgeWidth() + ")", WinnowException.USAGE);
    }
    java.util.Set<Check> skip = java.util.EnumSet.noneOf(Check.class);
    for (String name : skipChecks) {
      skip.add(Check.parse(name).orElseThrow(() -> new WinnowException("--skip-check: '" + name + "' is not allowed (use " + Check.allowed() + ")", WinnowException.USAGE)));
    }
    ScreenSettings settings;
    try {
      settings = new ScreenSettings(minSide, aspectTolerance, minBrightness, maxBrightness, maxEdgeWidth, minContrast, duplicateDistance,
          Math.round(maxMegapixels * 1e6));
    } catch (IllegalArgumentException e) {
      throw new WinnowException("screen: " + flagNames(e.getMessage()), WinnowException.USAGE);
    }
    PrintWriter out = spec.commandLine().getOut();
    FolderScreen.Listing listing = FolderScreen.list(dir);
    Report report = new Report();
    Progress progress = new Progress(listing.images().size(), System.console() != null);
    FolderScreen.Totals totals = new FolderScreen(Screen.forFolder(settings).skipping(skip), threads).run(dir, listing, expected, r -> {
      report.add(r);
      if (json) out.println(line(r));
      progress.step();
    });
    progress.done();
    out.flush();
    if (json) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(Locale.ROOT, "winnow: screened %d images in %.1f s (%.0f images/s, %d threads)%n", totals.screened(), totals.nanos() / 1e9,
          totals.imagesPerSecond(), threads);
      err.flush();
    } else {
      report.print(out, totals, dir);
      if (!skip.isEmpty()) {
        out.println("checks skipped (--skip-check): " + skip.stream().map(Check::code).collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    return ExitCodes.OK;
  }

  /** The settings' messages name record components; a user typed flags. */
  private static String flagNames(String message) {
    return message.replace("minSide", "--min-side").replace("aspectTolerance", "--aspect-tolerance").replace("minBrightness", "--min-brightness")
        .replace("maxBrightness", "--max-brightness").replace("maxEdgeWidth", "--max-edge-width").replace("duplicateDistance", "--duplicate-distance").replace("maxPixels", "--max-megapixels (in pixels)");
  }

  static String line(FolderScreen.FileResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("file", r.relative());
    o.put("pass", r.verdict().pass());
    ArrayNode reasons = o.putArray("reasons");
    r.verdict().reasons().forEach(x -> reasons.add(x.code()));
    ImageMetrics m = r.verdict().metrics().orElse(null);
    if (m == null) {
      o.putNull("width").putNull("height").putNull("brightness").putNull("sharpness").putNull("edge_width").putNull("hash");
    } else {
      o.put("width", m.width()).put("height", m.height())
          .put("brightness", Math.round(m.brightness() * 10) / 10.0).put("sharpness", Math.round(m.sharpness() * 10) / 10.0)
          .put("edge_width", Math.round(m.edgeWidth() * 100) / 100.0)
          .put("hash", String.format("%016x", m.hash()));
    }
    if (r.verdict().duplicateOf().isPresent()) o.put("duplicate_of", r.verdict().duplicateOf().get());
    else o.putNull("duplicate_of");
    return o.toString();
  }

  /** Counts by reason and the duplicate groups, for the human summary. */
  private static final class Report {
    final Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
    final Map<String, List<String>> groups = new LinkedHashMap<>();
    int passed;
    int screened;

    void add(FolderScreen.FileResult r) {
      screened++;
      if (r.verdict().pass()) passed++;
      r.verdict().reasons().forEach(x -> byReason.merge(x, 1, Integer::sum));
      r.verdict().duplicateOf().ifPresent(kept -> groups.computeIfAbsent(kept, k -> new ArrayList<>()).add(r.relative()));
    }

    private static String skippedNote(long skipped) {
      if (skipped == 0) return "";
      return " (" + skipped + (skipped == 1 ? " other file" : " other files") + " skipped: not images by name)";
    }

    void print(PrintWriter out, FolderScreen.Totals totals, Path dir) {
      out.printf(Locale.ROOT, "%s: %d images screened, %d passed, %d rejected%s%n", dir, screened, passed, screened - passed,
          skippedNote(totals.skipped()));
      if (!byReason.isEmpty()) {
        out.println("rejected for (an image may have several reasons):");
        byReason.forEach((reason, n) -> out.printf(Locale.ROOT, "  %-15s %6d   %s%n", reason.code(), n, reason.describe()));
      }
      if (!groups.isEmpty()) {
        out.printf(Locale.ROOT, "near-duplicate groups: %d (the first file is kept)%n", groups.size());
        groups.forEach((kept, copies) -> {
          out.println("  " + kept);
          copies.forEach(c -> out.println("    = " + c));
        });
      }
      out.printf(Locale.ROOT, "%.1f s, %.0f images/s, %.1f MB read%n", totals.nanos() / 1e9, totals.imagesPerSecond(), totals.bytes() / 1e6);
    }
  }

  /** A progress line on stderr when it is a terminal; silent otherwise, so pipes and --json stay clean. */
  private static final class Progress {
    private final int total;
    private final boolean tty;
    private int done;
    private long lastDraw;

    Progress(int total, boolean tty) {
      this.total = total;
      this.tty = tty;
    }

    void step() {
      done++;
      long now = System.nanoTime();
      if (!tty || now - lastDraw < 100_000_000L) return;
      lastDraw = now;
      int width = 30, filled = total == 0 ? width : done * width / total;
      System.err.printf(Locale.ROOT, "\rscreening [%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), done, total);
    }

    void done() {
      if (tty) System.err.print("\r" + " ".repeat(60) + "\r");
    }
  }
}
