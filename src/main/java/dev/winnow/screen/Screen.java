package dev.winnow.screen;

import dev.winnow.spec.AspectRatio;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The screen's front door. {@link #check} decodes one image once, measures it, applies every check and collects every
 * reason it fails; an image that passes is remembered, so a later near-duplicate of it is rejected. Safe to call from
 * many threads; the duplicate test and the registration happen atomically.
 */
public final class Screen {
  private final ScreenSettings settings;
  private final DuplicateIndex index = new DuplicateIndex();

  public Screen(ScreenSettings settings) {
    this.settings = settings;
  }

  public ScreenSettings settings() {
    return settings;
  }

  /** Screens one image; if it passes, registers its hash under {@code key}. Never throws for bad bytes. */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect) {
    Decoder.Result decoded = Decoder.decode(bytes, settings.maxPixels());
    if (decoded.image().isEmpty()) {
      return new ScreenVerdict(false, List.of(decoded.failure().orElseThrow()), Optional.empty(), Optional.empty());
    }
    Measure.Result measured = Measure.of(decoded.image().get());
    ImageMetrics m = measured.metrics();
    List<RejectReason> reasons = new ArrayList<>();
    if (Math.min(m.width(), m.height()) < settings.minSide()) reasons.add(RejectReason.TOO_SMALL);
    if (expectedAspect != null && aspectOff(m, expectedAspect)) reasons.add(RejectReason.WRONG_ASPECT);
    if (m.brightness() < settings.minBrightness()) reasons.add(RejectReason.TOO_DARK);
    if (m.brightness() > settings.maxBrightness()) reasons.add(RejectReason.TOO_BRIGHT);
    boolean flat = m.contrast() < settings.minContrast() || measured.twoTone();
    if (flat) reasons.add(RejectReason.FLAT);
    // A flat image has nothing for blur or a hash to measure: two different solid images would "match".
    if (!flat && m.sharpness() < settings.minSharpness()) reasons.add(RejectReason.BLURRY);
    Optional<String> duplicateOf = Optional.empty();
    if (!flat) {
      synchronized (index) {
        duplicateOf = index.nearest(m.hash(), settings.duplicateDistance());
        if (duplicateOf.isPresent()) reasons.add(RejectReason.NEAR_DUPLICATE);
        else if (reasons.isEmpty()) index.add(key, m.hash());
      }
    }
    return new ScreenVerdict(reasons.isEmpty(), reasons, Optional.of(m), duplicateOf);
  }

  /** Registers an image already accepted (e.g. loaded from the ledger on resume) without screening it again. */
  public void remember(String key, long hash) {
    synchronized (index) {
      index.add(key, hash);
    }
  }

  /** The 64-bit perceptual hash of any image, or empty when it cannot be decoded. */
  public static OptionalLong perceptualHash(byte[] bytes) {
    Decoder.Result decoded = Decoder.decode(bytes, ScreenSettings.defaults().maxPixels());
    return decoded.image().map(i -> OptionalLong.of(Measure.of(i).metrics().hash())).orElse(OptionalLong.empty());
  }

  private boolean aspectOff(ImageMetrics m, AspectRatio expected) {
    double actual = (double) m.width() / m.height();
    return Math.abs(actual - expected.value()) / expected.value() > settings.aspectTolerance();
  }
}
