package dev.winnow.screen;

import dev.winnow.spec.AspectRatio;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The screen's front door. {@link #check} decodes one image once, measures it (the near-duplicate {@link Fingerprint}
 * comes from the same pass), applies every check and collects every reason it fails; an image that passes is
 * remembered, so a later near-duplicate of it is rejected. Safe to call from many threads; the duplicate test and the
 * registration happen atomically.
 */
public final class Screen {
  private final ScreenSettings settings;
  private final DuplicateIndex index;

  public Screen(ScreenSettings settings) {
    this.settings = settings;
    this.index = new DuplicateIndex(settings.duplicateDistance());
  }

  public ScreenSettings settings() {
    return settings;
  }

  /** Screens one image; if it passes, registers its fingerprint under {@code key}. Never throws for bad bytes. */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect) {
    Decoder.Result decoded = Decoder.decode(bytes, settings.maxPixels());
    if (decoded.image().isEmpty()) {
      return new ScreenVerdict(false, List.of(decoded.failure().orElseThrow()), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Measure.Result measured = Measure.of(decoded.image().get());
    ImageMetrics m = measured.metrics();
    Fingerprint fingerprint = measured.fingerprint();
    List<RejectReason> reasons = new ArrayList<>();
    if (Math.min(m.width(), m.height()) < settings.minSide()) reasons.add(RejectReason.TOO_SMALL);
    if (expectedAspect != null && aspectOff(m, expectedAspect)) reasons.add(RejectReason.WRONG_ASPECT);
    if (m.brightness() < settings.minBrightness()) reasons.add(RejectReason.TOO_DARK);
    if (m.brightness() > settings.maxBrightness()) reasons.add(RejectReason.TOO_BRIGHT);
    boolean flat = m.contrast() < settings.minContrast() || measured.twoTone();
    if (flat) reasons.add(RejectReason.FLAT);
    // A flat image has nothing for blur to measure. It is still checked for duplicates: a dark or misty picture is
    // low in contrast but not empty, and its copies are copies; only near-solid fills are never called copies.
    if (!flat && m.sharpness() < settings.minSharpness()) reasons.add(RejectReason.BLURRY);
    Optional<String> duplicateOf;
    synchronized (index) {
      duplicateOf = index.match(fingerprint);
      if (duplicateOf.isPresent()) reasons.add(RejectReason.NEAR_DUPLICATE);
      else if (reasons.isEmpty()) index.add(key, fingerprint);
    }
    return new ScreenVerdict(reasons.isEmpty(), reasons, Optional.of(m), duplicateOf, Optional.of(fingerprint));
  }

  /**
   * Registers an image already kept (e.g. by an earlier run, its fingerprint loaded from the ledger) without screening
   * it again; later copies of it are rejected as near-duplicates of {@code key}.
   */
  public void remember(String key, Fingerprint fingerprint) {
    synchronized (index) {
      index.add(key, fingerprint);
    }
  }

  /** The near-duplicate fingerprint of any image, or empty when it cannot be decoded. */
  public static Optional<Fingerprint> fingerprint(byte[] bytes) {
    Decoder.Result decoded = Decoder.decode(bytes, ScreenSettings.defaults().maxPixels());
    return decoded.image().map(i -> Measure.of(i).fingerprint());
  }

  /** The 64-bit perceptual hash of any image, or empty when it cannot be decoded. */
  public static OptionalLong perceptualHash(byte[] bytes) {
    return fingerprint(bytes).map(f -> OptionalLong.of(f.hash())).orElse(OptionalLong.empty());
  }

  private boolean aspectOff(ImageMetrics m, AspectRatio expected) {
    double actual = (double) m.width() / m.height();
    return Math.abs(actual - expected.value()) / expected.value() > settings.aspectTolerance();
  }
}
