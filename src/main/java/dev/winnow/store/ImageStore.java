package dev.winnow.store;

import dev.winnow.spec.Slug;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The files of one batch under {@code OUT/BATCH/}: {@code drafts/} (as the draft model returned them),
 * {@code renders/} (finals as the final model returned them: paid for, kept before anything else happens) and
 * {@code finals/} (delivered PNGs with provenance, named batch-slug-seed so a person can tell them apart).
 */
public final class ImageStore {
  private final Path root;
  private final String batchId;

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

  public void appendManifest(String jsonLine) {
    AtomicFiles.appendLine(root.resolve("manifest.jsonl"), jsonLine);
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

  private static String extension(String mime) {
    return switch (mime) {
      case "image/jpeg" -> ".jpg";
      case "image/webp" -> ".webp";
      case "image/png" -> ".png";
      default -> ".bin";
    };
  }
}
