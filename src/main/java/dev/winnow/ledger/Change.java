package dev.winnow.ledger;

import java.util.List;

/**
 * What a transition writes besides the new state, in the same transaction. Null fields are left as they are.
 * Build with {@link #none()} and the {@code with} methods.
 */
public record Change(
    List<String> reasons,
    String draftFile,
    String draftMime,
    Metrics metrics,
    String duplicateOf,
    String renderFile,
    String finalFile,
    Integer drift,
    String note,
    Double score) {

  /**
   * What the screen measured on a draft; {@code fingerprint} is the screen's near-duplicate fingerprint in its stored
   * form, or null.
   */
  public record Metrics(int width, int height, double brightness, double contrast, double sharpness, long phash, byte[] fingerprint) {
    public Metrics(int width, int height, double brightness, double contrast, double sharpness, long phash) {
      this(width, height, brightness, contrast, sharpness, phash, null);
    }
  }

  public static Change none() {
    return new Change(null, null, null, null, null, null, null, null, null, null);
  }

  public Change withReasons(List<String> r) {
    return new Change(List.copyOf(r), draftFile, draftMime, metrics, duplicateOf, renderFile, finalFile, drift, note, score);
  }

  public Change withDraft(String file, String mime) {
    return new Change(reasons, file, mime, metrics, duplicateOf, renderFile, finalFile, drift, note, score);
  }

  public Change withMetrics(Metrics m) {
    return new Change(reasons, draftFile, draftMime, m, duplicateOf, renderFile, finalFile, drift, note, score);
  }

  public Change withDuplicateOf(String key) {
    return new Change(reasons, draftFile, draftMime, metrics, key, renderFile, finalFile, drift, note, score);
  }

  public Change withRender(String file) {
    return new Change(reasons, draftFile, draftMime, metrics, duplicateOf, file, finalFile, drift, note, score);
  }

  public Change withFinal(String file, int driftBits) {
    return new Change(reasons, draftFile, draftMime, metrics, duplicateOf, renderFile, file, driftBits, note, score);
  }

  /** A judge's score, 0..1 ({@code --select best}). */
  public Change withScore(double s) {
    return new Change(reasons, draftFile, draftMime, metrics, duplicateOf, renderFile, finalFile, drift, note, s);
  }

  public Change withNote(String n) {
    return new Change(reasons, draftFile, draftMime, metrics, duplicateOf, renderFile, finalFile, drift, n, score);
  }
}
