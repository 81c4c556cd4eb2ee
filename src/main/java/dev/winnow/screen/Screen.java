package dev.winnow.screen;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The screen's front door. {@link #check} decodes one image once, measures it (the near-duplicate {@link Fingerprint}
 * comes from the same pass), applies every check and collects every reason it fails; an image that passes is
 * remembered, so a later near-duplicate of it is rejected. Safe to call from many threads; the duplicate test and the
 * registration happen atomically. A caller may turn {@link Check}s off for one image (what its prompt asked for)
 * or for every image of a screen ({@link #skipping}); an image that passes only because a check was off is kept.
 */
public final class Screen {
  private final ScreenSettings settings;
  private final DuplicateIndex index;
  private final boolean registerRejected;
  private final Set<Check> skipped;

  /** The pipeline's screen: only images that pass are remembered, so a rejected draft never blocks a later one. */
  public Screen(ScreenSettings settings) {
    this(settings, false, Set.of());
  }

  private Screen(ScreenSettings settings, boolean registerRejected, Set<Check> skipped) {
    this.settings = settings;
    this.registerRejected = registerRejected;
    this.skipped = skipped.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skipped));
    this.index = new DuplicateIndex(settings.duplicateDistance());
  }

  /** A new screen like this one (no image remembered yet) that never applies these checks. */
  public Screen skipping(Set<Check> checks) {
    return new Screen(settings, registerRejected, checks);
  }

  /** The checks this screen never applies. */
  public Set<Check> skipped() {
    return skipped;
  }

  /**
   * A screen for a folder of existing images: every decoded image with detail is remembered, rejected or not, so
   * copies are reported as copies even when the original also failed another check.
   */
  public static Screen forFolder(ScreenSettings settings) {
    return new Screen(settings, true, Set.of());
  }

  public ScreenSettings settings() {
    return settings;
  }

  /**
   * What one image measured on its own, before it is compared with any other: decoding and measuring, the costly
   * part, which {@link #measure} does on any thread; {@link #decide} then applies the checks in the caller's order.
   */
  public static final class Measured {
    private final Optional<Measure.Result> result;
    private final Optional<RejectReason> failure;

    private Measured(Optional<Measure.Result> result, Optional<RejectReason> failure) {
      this.result = result;
      this.failure = failure;
    }

    /** The measurements, empty when the bytes could not be decoded. */
    public Optional<ImageMetrics> metrics() {
      return result.map(Measure.Result::metrics);
    }

    /** The near-duplicate fingerprint, empty when the bytes could not be decoded. */
    public Optional<Fingerprint> fingerprint() {
      return result.map(Measure.Result::fingerprint);
    }
  }

  /**
   * Whether two measured images are near-duplicates by the screen's test: hashes within the candidate radius, then
   * the fingerprints confirmed as one picture.
   */
  public boolean duplicates(Measured a, Measured b) {
    if (!comparable(a) || !comparable(b)) return false;
    Fingerprint x = a.result.get().fingerprint(), y = b.result.get().fingerprint();
    return Long.bitCount(x.hash() ^ y.hash()) <= settings.duplicateDistance() && x.sameImage(y);
  }

  /** Whether a measured image has the detail a duplicate comparison needs (near-solid fills do not). */
  public boolean comparable(Measured m) {
    return m.result.isPresent() && Likeness.comparable(m.result.get().fingerprint());
  }

  /** Decodes and measures one image. Never throws for bad bytes; safe on many threads at once. */
  public Measured measure(byte[] bytes) {
    Decoder.Result decoded = Decoder.sample(bytes, settings.maxPixels(), Measure::period);
    if (decoded.decoded().isEmpty()) return new Measured(Optional.empty(), Optional.of(decoded.failure().orElseThrow()));
    return new Measured(Optional.of(Measure.of(decoded.decoded().get())), Optional.empty());
  }

  /** Screens one image; if it passes, registers its fingerprint under {@code key}. Never throws for bad bytes. */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect) {
    return decide(key, measure(bytes), expectedAspect, null, Set.of());
  }

  /**
   * Screens a generated image against the size class it was asked at: a draft asked at 512 (688x384 at 16:9) is
   * not too small for being under the article's 512 px, only for being under what was asked.
   */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect, ImageSize asked) {
    return decide(key, measure(bytes), expectedAspect, asked, Set.of());
  }

  /** As {@link #check(String, byte[], AspectRatio, ImageSize)}, with these checks off for this image as well. */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect, ImageSize asked, Set<Check> skip) {
    return decide(key, measure(bytes), expectedAspect, asked, skip);
  }

  /** The smallest side accepted: the setting, or the short side of what was asked if that is smaller. */
  int minSide(AspectRatio aspect, ImageSize asked) {
    if (aspect == null || asked == null) return settings.minSide();
    int[] px = aspect.pixels(asked);
    // The model rounds sides to its own grid: allow a few percent under the nominal short side.
    return Math.min(settings.minSide(), (int) Math.floor(Math.min(px[0], px[1]) * 0.95));
  }

  /**
   * Applies every check to a measured image and, if it passes, registers it under {@code key}, so images decided
   * later are compared with it. Decisions in a fixed order give the same duplicates whatever the threads did.
   */
  public ScreenVerdict decide(String key, Measured measuredImage, AspectRatio expectedAspect) {
    return decide(key, measuredImage, expectedAspect, null, Set.of());
  }

  private ScreenVerdict decide(String key, Measured measuredImage, AspectRatio expectedAspect, ImageSize asked, Set<Check> skip) {
    if (measuredImage.result.isEmpty()) {
      return new ScreenVerdict(false, List.of(measuredImage.failure.orElseThrow()), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Measure.Result measured = measuredImage.result.get();
    ImageMetrics m = measured.metrics();
    Fingerprint fingerprint = measured.fingerprint();
    List<RejectReason> reasons = new ArrayList<>();
    if (Math.min(m.width(), m.height()) < minSide(expectedAspect, asked)) reasons.add(RejectReason.TOO_SMALL);
    if (expectedAspect != null && aspectOff(m, expectedAspect)) reasons.add(RejectReason.WRONG_ASPECT);
    if (m.brightness() < settings.minBrightness()) reasons.add(RejectReason.TOO_DARK);
    if (m.brightness() > settings.maxBrightness()) reasons.add(RejectReason.TOO_BRIGHT);
    boolean flat = m.contrast() < settings.minContrast() || measured.twoTone();
    if (flat) reasons.add(RejectReason.FLAT);
    // A flat image has nothing for blur to measure. It is still checked for duplicates: a dark or misty picture is
    // low in contrast but not empty, and its copies are copies; only near-solid fills are never called copies.
    // An image with no strong edge (edge width 0: a smooth gradient, an empty sky) has nothing blurred either.
    if (!flat && m.edgeWidth() > settings.maxEdgeWidth()) reasons.add(RejectReason.BLURRY);
    for (Check off : skipped) reasons.removeAll(off.reasons());
    for (Check off : skip) reasons.removeAll(off.reasons());
    Optional<String> duplicateOf;
    synchronized (index) {
      duplicateOf = index.match(fingerprint);
      if (duplicateOf.isPresent()) reasons.add(RejectReason.NEAR_DUPLICATE);
      else if (reasons.isEmpty() || (registerRejected && Likeness.comparable(fingerprint))) index.add(key, fingerprint);
    }
    return new ScreenVerdict(reasons.isEmpty(), reasons, Optional.of(m), duplicateOf, Optional.of(fingerprint));
  }

  /**
   * Registers an image already kept (by an earlier run, its fingerprint loaded from the ledger) without screening it
   * again; later copies of it are rejected as near-duplicates of {@code key}.
   */
  public void remember(String key, Fingerprint fingerprint) {
    synchronized (index) {
      index.add(key, fingerprint);
    }
  }

  /** The near-duplicate fingerprint of any image, or empty when it cannot be decoded. */
  public static Optional<Fingerprint> fingerprint(byte[] bytes) {
    Decoder.Result decoded = Decoder.sample(bytes, ScreenSettings.defaults().maxPixels(), Measure::period);
    return decoded.decoded().map(d -> Measure.of(d).fingerprint());
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
