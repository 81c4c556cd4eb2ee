package dev.winnow.store;

import dev.winnow.spec.Slug;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The files of one batch under {@code OUT/BATCH/}: {@code drafts/} (as the draft model returned them),
 * {@code renders/} (finals as the final model returned them: paid for, kept before anything else happens) and
 * {@code finals/} (delivered PNGs with provenance, named batch-slug-seed so a person can tell them apart).
 */
public final class ImageStore {
  private final Path root;
  private final String batchId;
  private final Map<String, ManifestIndex> manifests = new HashMap<>();

  public ImageStore(Path outDir, String batchId) {
    this.root = outDir.resolve(batchId);
    this.batchId = batchId;
  }

  public Path root() {
    return root;
  }

  public Path writeDraft(String candidateKey, long seed, byte[] bytes, String mime) {
    Path file = root.resolve("drafts").resolve(candidateKey + "-s" + seed + extension(mime));
    AtomicFiles.write(file, bytes);
    return file;
  }

  public Path writeRender(String candidateKey, long seed, byte[] bytes, String mime) {
    Path file = root.resolve("renders").resolve(candidateKey + "-s" + seed + extension(mime));
    AtomicFiles.write(file, bytes);
    return file;
  }

  /**
   * Delivers a final: PNG bytes (converted from JPEG or WebP if the model returned that, losslessly from then on)
   * with the text entries embedded.
   */
  public Path writeFinal(String prompt, long seed, byte[] bytes, Map<String, String> text) {
    String shortId = batchId.substring(Math.max(0, batchId.length() - 8));
    Path file = root.resolve("finals").resolve(shortId + "-" + Slug.of(prompt, 40) + "-s" + seed + ".png");
    AtomicFiles.write(file, PngText.insert(asPng(bytes), text));
    return file;
  }

  /** A final that drifted from its draft and was rendered again: paid for, so kept, but never delivered. */
  public Path writeDrifted(String candidateKey, long seed, int attempt, byte[] bytes, String mime) {
    Path file = root.resolve("renders").resolve(candidateKey + "-s" + seed + "-drift" + attempt + extension(mime));
    AtomicFiles.write(file, bytes);
    return file;
  }

  /** A rebuilt final beside the batch's finals, numbered so rebuilds never overwrite each other. */
  public Path writeRebuild(String candidateKey, long seed, byte[] bytes, Map<String, String> text) {
    Path dir = root.resolve("rebuilds");
    int n = 1;
    Path file;
    do {
      file = dir.resolve(candidateKey + "-s" + seed + "-rebuild" + n++ + ".png");
    } while (Files.exists(file));
    AtomicFiles.write(file, PngText.insert(asPng(bytes), text));
    return file;
  }

  /** A draft written for this candidate, if one is on disk (an image a stop kept the ledger from recording). */
  public Optional<Path> findDraft(String candidateKey, long seed) {
    return find(root.resolve("drafts"), candidateKey + "-s" + seed);
  }

  /** A render written for this candidate, if one is on disk. */
  public Optional<Path> findRender(String candidateKey, long seed) {
    return find(root.resolve("renders"), candidateKey + "-s" + seed);
  }

  public static String mimeOf(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".jpg")) return "image/jpeg";
    if (name.endsWith(".webp")) return "image/webp";
    if (name.endsWith(".png")) return "image/png";
    return "application/octet-stream";
  }

  /** One lookup per extension the store writes: O(1) however many files the folder holds. */
  private static Optional<Path> find(Path dir, String prefix) {
    for (String ext : EXTENSIONS) {
      Path file = dir.resolve(prefix + ext);
      if (Files.isRegularFile(file)) return Optional.of(file);
    }
    return Optional.empty();
  }

  /**
   * Appends a line to the manifest unless a line with the same {@code key} value is already there (a delivery that
   * a stop interrupted after the append is finished again without a duplicate line). The values seen are kept, and
   * only the lines appended since the last look (by this process or another) are read, so n deliveries read the
   * manifest once in all, not n times.
   */
  public synchronized void appendManifest(String key, long value, String jsonLine) {
    Path manifest = root.resolve("manifest.jsonl");
    ManifestIndex index = manifests.computeIfAbsent(key, k -> new ManifestIndex(manifest, k));
    if (index.contains(value)) return;
    AtomicFiles.appendLine(manifest, jsonLine);
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static byte[] asPng(byte[] bytes) {
    if (PngText.isPng(bytes)) return bytes;
    try {
      var image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) throw new IOException("not a decodable image");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new StoreException("cannot convert a final to PNG: " + e.getMessage(), e);
    }
  }

  private static final String[] EXTENSIONS = {".png", ".jpg", ".webp", ".bin"};

  private static String extension(String mime) {
    return switch (mime) {
      case "image/jpeg" -> ".jpg";
      case "image/webp" -> ".webp";
      case "image/png" -> ".png";
      default -> ".bin";
    };
  }
}
