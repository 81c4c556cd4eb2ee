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

  private final boolean registerRejected;

  /**
   * Largest colour-layout difference (mean chromaticity, 0-255) between near-duplicates; see {@link ColourLayout}.
   * On bench/screen's evaluation set copies measure 0-3 and recoloured editions of one design 5 and up.
   */
  static final double MAX_COLOUR_DISTANCE = 4;

  /** The pipeline's screen: only images that pass are remembered, so a rejected draft never blocks a later one. */
  public Screen(ScreenSettings settings) {
    this(settings, false);
  }

  private Screen(ScreenSettings settings, boolean registerRejected) {
    this.settings = settings;
    this.registerRejected = registerRejected;
  }

  /**
   * A screen for a folder of existing images: every decoded image with detail is remembered, rejected or not, so
   * copies are reported as copies even when the original also failed another check.
   */
  public static Screen forFolder(ScreenSettings settings) {
    return new Screen(settings, true);
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
  }

  /** Whether two measured images are near-duplicates by the screen's test (both comparable, hash and colours close). */
  public boolean duplicates(Measured a, Measured b) {
    if (!comparable(a) || !comparable(b)) return false;
    Measure.Result x = a.result.get(), y = b.result.get();
    return Long.bitCount(x.metrics().hash() ^ y.metrics().hash()) <= settings.duplicateDistance()
        && ColourLayout.distance(x.metrics().colourLayout(), y.metrics().colourLayout()) <= MAX_COLOUR_DISTANCE;
  }

  /** Whether a measured image has the detail a duplicate comparison needs (flat and two-tone images do not). */
  public boolean comparable(Measured m) {
    return m.result.isPresent() && !flat(m.result.get());
  }

  private boolean flat(Measure.Result measured) {
    return measured.metrics().contrast() < settings.minContrast() || measured.twoTone();
  }

  /** Decodes and measures one image. Never throws for bad bytes; safe on many threads at once. */
  public Measured measure(byte[] bytes) {
    Decoder.Result decoded = Decoder.decode(bytes, settings.maxPixels());
    if (decoded.image().isEmpty()) return new Measured(Optional.empty(), Optional.of(decoded.failure().orElseThrow()));
    return new Measured(Optional.of(Measure.of(decoded.image().get())), Optional.empty());
  }

  /** Screens one image; if it passes, registers its hash under {@code key}. Never throws for bad bytes. */
  public ScreenVerdict check(String key, byte[] bytes, AspectRatio expectedAspect) {
    return decide(key, measure(bytes), expectedAspect);
  }

  /**
   * Applies every check to a measured image and, if it passes, registers it under {@code key}, so images decided
   * later are compared with it. Decisions in a fixed order give the same duplicates whatever the threads did.
   */
  public ScreenVerdict decide(String key, Measured measuredImage, AspectRatio expectedAspect) {
    if (measuredImage.result.isEmpty()) {
      return new ScreenVerdict(false, List.of(measuredImage.failure.orElseThrow()), Optional.empty(), Optional.empty());
    }
    Measure.Result measured = measuredImage.result.get();
    ImageMetrics m = measured.metrics();
    List<RejectReason> reasons = new ArrayList<>();
    if (Math.min(m.width(), m.height()) < settings.minSide()) reasons.add(RejectReason.TOO_SMALL);
    if (expectedAspect != null && aspectOff(m, expectedAspect)) reasons.add(RejectReason.WRONG_ASPECT);
    if (m.brightness() < settings.minBrightness()) reasons.add(RejectReason.TOO_DARK);
    if (m.brightness() > settings.maxBrightness()) reasons.add(RejectReason.TOO_BRIGHT);
    boolean flat = flat(measured);
    if (flat) reasons.add(RejectReason.FLAT);
    // A flat image has nothing for blur or a hash to measure: two different solid images would "match".
    if (!flat && m.sharpness() < settings.minSharpness()) reasons.add(RejectReason.BLURRY);
    Optional<String> duplicateOf = Optional.empty();
    if (!flat) {
      synchronized (index) {
        duplicateOf = index.nearest(m.hash(), m.colourLayout(), settings.duplicateDistance(), MAX_COLOUR_DISTANCE);
        if (duplicateOf.isPresent()) reasons.add(RejectReason.NEAR_DUPLICATE);
        else if (reasons.isEmpty() || registerRejected) index.add(key, m.hash(), m.colourLayout());
      }
    }
    return new ScreenVerdict(reasons.isEmpty(), reasons, Optional.of(m), duplicateOf);
  }

  /**
   * Registers an image already kept (loaded from the ledger) without screening it again. {@code colourLayout} is
   * {@link ImageMetrics#colourLayout()} as stored, or null for rows from before it was kept: then the hash alone
   * decides.
   */
  public void remember(String key, long hash, byte[] colourLayout) {
    synchronized (index) {
      index.add(key, hash, colourLayout);
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
