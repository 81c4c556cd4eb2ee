package dev.winnow.generate.local;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to paint, decided from the prompt's words and the seed before any pixel. The composition comes from a finite
 * set of {@value #COMPOSITIONS} variants, so different seeds sometimes land on the same one and make near-duplicate
 * drafts, as a real model does. The draft defects (exposure, haze, focus) come from their own draw of the seed.
 */
record SceneSpec(
    long promptSeed,
    TimeOfDay time,
    Set<Element> elements,
    boolean misty,
    boolean snow,
    boolean autumn,
    boolean neon,
    double horizon,
    double sunX,
    double sunHeight,
    int composition,
    int layers,
    double hueShift,
    double exposureStops,
    double haze,
    double blur) {

  static final int COMPOSITIONS = 300;

  enum TimeOfDay { DAWN, DAY, SUNSET, NIGHT }

  enum Element { MOUNTAINS, SEA, LAKE, CITY, FOREST, DESERT, SPACE }

  static SceneSpec of(String prompt, long seed) {
    Set<String> words = Stream.of(prompt.toLowerCase(Locale.ROOT).split("[^a-z]+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    long promptSeed = fnv(prompt.trim().toLowerCase(Locale.ROOT));
    TimeOfDay time = time(words);
    Set<Element> elements = elements(words, promptSeed);
    boolean neon = has(words, "neon", "cyberpunk", "synthwave");
    if (neon) time = TimeOfDay.NIGHT;

    // Composition: one of COMPOSITIONS variants, chosen by the seed.
    int comp = (int) Math.floorMod(Noise.mix(seed * 0x9E3779B97F4A7C15L + 17), (long) COMPOSITIONS);
    double horizon = 0.50 + 0.06 * (comp % 5);
    double sunX = 0.18 + 0.128 * ((comp / 5) % 6);
    int layers = 2 + (comp / 30) % 3;
    double sunHeight = 0.10 + 0.03 * ((comp / 30) % 4);

    // The cheap tier's flakiness: a continuous spread with heavier tails, drawn per seed.
    SplittableRandom r = new SplittableRandom(Noise.mix(seed ^ 0x5DEECE66DL ^ promptSeed));
    double hueShift = (r.nextDouble() - 0.5) * 0.16;
    double exposure = r.nextGaussian() * 0.35;
    double tail = r.nextDouble();
    // Rates chosen so a typical prompt passes the screen about half the time, like real cheap-tier drafts.
    if (tail < 0.13) exposure -= 2.6 + r.nextDouble() * 1.2;
    else if (tail > 0.91) exposure += 2.2 + r.nextDouble() * 1.0;
    double haze = r.nextDouble() < 0.12 ? 0.93 + r.nextDouble() * 0.06 : 0;
    double blur = r.nextDouble() < 0.18 ? 0.010 + r.nextDouble() * 0.008 : 0;
    return new SceneSpec(promptSeed, time, elements, has(words, "misty", "mist", "fog", "foggy", "haze", "hazy"),
        has(words, "snow", "snowy", "winter", "ice", "icy", "frozen"), has(words, "autumn", "fall", "autumnal"), neon,
        horizon, sunX, sunHeight, comp, layers, hueShift, exposure, haze, blur);
  }

  boolean has(Element e) {
    return elements.contains(e);
  }

  boolean water() {
    return has(Element.SEA) || has(Element.LAKE);
  }

  private static TimeOfDay time(Set<String> w) {
    if (has(w, "night", "midnight", "moon", "moonlit", "starry", "stars", "nocturnal")) return TimeOfDay.NIGHT;
    if (has(w, "sunset", "dusk", "evening", "golden", "twilight")) return TimeOfDay.SUNSET;
    if (has(w, "dawn", "sunrise", "morning", "daybreak")) return TimeOfDay.DAWN;
    return TimeOfDay.DAY;
  }

  private static Set<Element> elements(Set<String> w, long promptSeed) {
    var out = java.util.EnumSet.noneOf(Element.class);
    if (has(w, "mountain", "mountains", "peak", "peaks", "alps", "hills", "valley", "ridge", "cliffs")) out.add(Element.MOUNTAINS);
    if (has(w, "sea", "ocean", "beach", "coast", "waves", "bay", "shore")) out.add(Element.SEA);
    if (has(w, "lake", "river", "pond", "reflection", "fjord")) out.add(Element.LAKE);
    if (has(w, "city", "skyline", "town", "street", "buildings", "cyberpunk", "neon", "metropolis")) out.add(Element.CITY);
    if (has(w, "forest", "woods", "trees", "pine", "jungle", "autumn", "grove")) out.add(Element.FOREST);
    if (has(w, "desert", "dunes", "dune", "sand", "sahara")) out.add(Element.DESERT);
    if (has(w, "space", "galaxy", "nebula", "planet", "cosmos")) out.add(Element.SPACE);
    if (out.isEmpty()) {
      // Unknown words still make a landscape; which one depends on the prompt, not the seed.
      int pick = (int) Math.floorMod(promptSeed, 4L);
      out.add(Element.MOUNTAINS);
      if (pick == 1) out.add(Element.LAKE);
      if (pick == 2) out.add(Element.FOREST);
      if (pick == 3) out.add(Element.SEA);
    }
    if (!out.contains(Element.MOUNTAINS) && !out.contains(Element.DESERT) && !out.contains(Element.CITY) && !out.contains(Element.SEA)) {
      out.add(Element.MOUNTAINS);
    }
    return out;
  }

  private static boolean has(Set<String> words, String... any) {
    for (String a : any) if (words.contains(a)) return true;
    return false;
  }

  /** FNV-1a over UTF-8: fixed by its definition, unlike String.hashCode's use in a seed. */
  private static long fnv(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
