package dev.winnow.store;

import dev.winnow.spec.Slug;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The images of one batch, in a local folder {@code OUT/BATCH/} or under {@code s3://bucket/prefix/BATCH/}:
 * {@code drafts/} (as the draft model returned them), {@code renders/} (finals as the final model returned them: paid
 * for, kept before anything else happens) and {@code finals/} (delivered PNGs with provenance, named batch-slug-seed
 * so a person can tell them apart). Every write returns the key the ledger records (such as {@code drafts/c1-s7.png}).
 */
public final class ImageStore {
  private final BatchObjects objects;
  private final Manifest manifest;
  private final String batchId;

  public ImageStore(BatchObjects objects, String batchId) {
    this.objects = objects;
    this.manifest = objects.manifest();
    this.batchId = batchId;
  }

  /** The batch's folder under {@code outDir}, as every batch was before stores. */
  public ImageStore(Path outDir, String batchId) {
    this(new FolderStore(outDir).batch(batchId), batchId);
  }

  public static ImageStore of(Store store, String batchId) {
    return new ImageStore(store.batch(batchId), batchId);
  }

  /** Where a key is, for people: a path or an s3:// URL. */
  public String name(String key) {
    return objects.name(key);
  }

  // Drafts, renders and finals are each written once per candidate: a second write (a stop between the bytes and the
  // ledger) finds the same bytes there, and two writers that disagree are stopped rather than one losing its image.
  public String writeDraft(String candidateKey, long seed, byte[] bytes, String mime) {
    String key = "drafts/" + candidateKey + "-s" + seed + extension(mime);
    objects.putOnce(key, bytes);
    return key;
  }

  public String writeRender(String candidateKey, long seed, byte[] bytes, String mime) {
    String key = "renders/" + candidateKey + "-s" + seed + extension(mime);
    objects.putOnce(key, bytes);
    return key;
  }

  /**
   * Delivers a final: PNG bytes (converted from JPEG or WebP if the model returned that, losslessly from then on)
   * with the text entries embedded.
   */
  public String writeFinal(String prompt, long seed, byte[] bytes, Map<String, String> text) {
    String shortId = batchId.substring(Math.max(0, batchId.length() - 8));
    String key = "finals/" + shortId + "-" + Slug.of(prompt, 40) + "-s" + seed + ".png";
    objects.putOnce(key, PngText.insert(asPng(bytes), text));
    return key;
  }

  /** A final that drifted from its draft and was rendered again: paid for, so kept, but never delivered. */
  public String writeDrifted(String candidateKey, long seed, int attempt, byte[] bytes, String mime) {
    String key = "renders/" + candidateKey + "-s" + seed + "-drift" + attempt + extension(mime);
    objects.put(key, bytes);
    return key;
  }

  /** A rebuilt final beside the batch's finals, numbered so rebuilds never overwrite each other. */
  public String writeRebuild(String candidateKey, long seed, byte[] bytes, Map<String, String> text) {
    int n = 1;
    String key;
    do {
      key = "rebuilds/" + candidateKey + "-s" + seed + "-rebuild" + n++ + ".png";
    } while (objects.exists(key));
    objects.put(key, PngText.insert(asPng(bytes), text));
    return key;
  }

  /** A draft written for this candidate, if one is stored (an image a stop kept the ledger from recording). */
  public Optional<String> findDraft(String candidateKey, long seed) {
    return find("drafts/" + candidateKey + "-s" + seed);
  }

  /** A render written for this candidate, if one is stored. */
  public Optional<String> findRender(String candidateKey, long seed) {
    return find("renders/" + candidateKey + "-s" + seed);
  }

  /** The bytes of a stored object; a missing one is an error that names it. */
  public byte[] read(String key) {
    return objects.get(key).orElseThrow(() -> new StoreException("cannot read " + objects.name(key) + ": it is not there", null));
  }

  /** The bytes of a stored object, if it is there. */
  public Optional<byte[]> get(String key) {
    return objects.get(key);
  }

  /** The object's size in bytes, or -1 when it is not there. */
  public long size(String key) {
    return objects.size(key);
  }

  public static String mimeOf(String name) {
    if (name.endsWith(".jpg")) return "image/jpeg";
    if (name.endsWith(".webp")) return "image/webp";
    if (name.endsWith(".png")) return "image/png";
    return "application/octet-stream";
  }

  /** Whichever extension the store wrote: O(1) however many objects the batch holds. */
  private Optional<String> find(String stem) {
    return objects.findFirst(stem, EXTENSIONS);
  }

  /**
   * Adds a line to the manifest unless a line with the same {@code key} value is already there (a delivery that a
   * stop interrupted after the append is finished again without a duplicate line). See {@link Manifest}.
   */
  public void appendManifest(String key, long value, String jsonLine) {
    manifest.add(key, value, jsonLine);
  }

  /**
   * Copies {@code keys} (each under the last part of its name, bytes untouched) and the manifest, if there is one,
   * into the local folder {@code dir}, each file written atomically. Returns the files written, in order.
   */
  public List<Path> copyOut(List<String> keys, Path dir) {
    List<Path> written = new ArrayList<>();
    for (String key : keys) {
      Path file = dir.resolve(key.substring(key.lastIndexOf('/') + 1));
      AtomicFiles.write(file, read(key));
      written.add(file);
    }
    Optional<byte[]> lines = manifest.jsonl();
    if (lines.isPresent()) {
      AtomicFiles.write(dir.resolve(FolderManifest.FILE), lines.get());
      written.add(dir.resolve(FolderManifest.FILE));
    }
    return written;
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

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".webp", ".bin");

  private static String extension(String mime) {
    return switch (mime) {
      case "image/jpeg" -> ".jpg";
      case "image/webp" -> ".webp";
      case "image/png" -> ".png";
      default -> ".bin";
    };
  }
}
