package dev.winnow.screen;

import java.util.List;
import java.util.Optional;

/**
 * The screen's answer for one image: pass, or every reason it failed; what it measured and its near-duplicate
 * fingerprint (both absent when the image could not be decoded); and for a near-duplicate, the key of the image it
 * duplicates.
 */
public record ScreenVerdict(
    boolean pass, List<RejectReason> reasons, Optional<ImageMetrics> metrics, Optional<String> duplicateOf, Optional<Fingerprint> fingerprint) {
  public ScreenVerdict {
    reasons = List.copyOf(reasons);
  }
}
