package dev.winnow.screen;

/**
 * Thresholds of the screen. Brightness bounds are the article's (20..235 mean luma). The others were set on real
 * photographs and on the local backend's drafts: see the note on each default.
 *
 * @param minSide smallest acceptable width and height, in pixels
 * @param aspectTolerance largest relative difference between the image's ratio and the one asked for
 * @param maxEdgeWidth widest an image's sharper edges may be, in pixels of the 256-px working width, before it is
 *     blurry ({@link EdgeWidth}); an image with no strong edge is never blurry
 * @param minContrast smallest luma standard deviation
 * @param duplicateDistance largest Hamming distance between 64-bit hashes for which two images are compared as possible
 *     near-duplicates (the comparison, not the distance, decides)
 * @param maxPixels largest declared width x height the screen will decode (decompression-bomb guard)
 */
public record ScreenSettings(
    int minSide,
    double aspectTolerance,
    double minBrightness,
    double maxBrightness,
    double maxEdgeWidth,
    double minContrast,
    int duplicateDistance,
    long maxPixels) {

  public ScreenSettings {
    if (minSide < 1) throw new IllegalArgumentException("minSide must be at least 1 (got " + minSide + ")");
    if (aspectTolerance < 0) throw new IllegalArgumentException("aspectTolerance must be 0 or more (got " + aspectTolerance + ")");
    if (minBrightness > maxBrightness) throw new IllegalArgumentException("minBrightness " + minBrightness + " is above maxBrightness " + maxBrightness);
    if (duplicateDistance < 0 || duplicateDistance > 64) throw new IllegalArgumentException("duplicateDistance must be 0..64 (got " + duplicateDistance + ")");
    if (!(maxEdgeWidth >= 1)) throw new IllegalArgumentException("maxEdgeWidth must be 1 or more (got " + maxEdgeWidth + ")");
    if (maxPixels < 1) throw new IllegalArgumentException("maxPixels must be positive (got " + maxPixels + ")");
  }

  public static ScreenSettings defaults() {
    // 512 px and 20..235 come from the article. Edge width 1.5: most sharp pictures measure 1.0 (a clean step); of
    // 109 wallpapers all but three soft ones (a macro with a soft background, a lake in fog, soft waves: 1.6-4) measure
    // 1.4 or less; nine in ten copies blurred by one working pixel measure 1.6 or more, the local backend's
    // out-of-focus drafts 6-9 (bench/screen/RESULTS.md, blur). Contrast 8: a solid colour is 0, the flattest real
    // photos ~20.
    // Distance 18 of 64 bits: resized, recompressed and rebrightened copies land within 0-6, cropped and turned ones
    // mostly within 18, unrelated pictures near 32; the unrelated pictures within 18 are told apart by Likeness.
    // 100 MP: bigger than any 4K output, smaller than a decompression bomb.
    return new ScreenSettings(512, 0.02, 20, 235, 1.5, 8, 18, 100_000_000L);
  }
}
