package dev.winnow.generate.local;

/** The colours of a scene, linear 0..1 RGB triples, chosen by time of day and the prompt's words. */
record Palette(
    double[] skyTop, double[] skyMid, double[] skyHorizon, double[] sun, double[] ridgeFar, double[] ridgeNear,
    double[] water, double[] trees, double[] lights, double[] mist) {

  static Palette of(SceneSpec s) {
    Palette base = switch (s.time()) {
      case DAWN -> new Palette(rgb(0x3b4f86), rgb(0xc9a0b8), rgb(0xffc9a0), rgb(0xfff0d0), rgb(0x9a8fa8), rgb(0x3d3a52),
          rgb(0x5a6a94), rgb(0x24322c), rgb(0xffd27a), rgb(0xf4e4e8));
      case DAY -> new Palette(rgb(0x2f6fc0), rgb(0x74aee0), rgb(0xcfe6f5), rgb(0xfffbe8), rgb(0x8aa3bd), rgb(0x40584a),
          rgb(0x2f6a96), rgb(0x2c4a2a), rgb(0xfff2b0), rgb(0xe8f0f4));
      case SUNSET -> new Palette(rgb(0x2a2350), rgb(0xb0456a), rgb(0xffa24a), rgb(0xffe0a0), rgb(0x8c4a6a), rgb(0x2e1f33),
          rgb(0x6a3a5a), rgb(0x1e1a22), rgb(0xffc060), rgb(0xf0c0b0));
      case NIGHT -> new Palette(rgb(0x0a1030), rgb(0x1c2a5c), rgb(0x3a4a80), rgb(0xf0f0e0), rgb(0x2e3a62), rgb(0x141a30),
          rgb(0x1a2650), rgb(0x0e1424), rgb(0xffd080), rgb(0x6a7aa0));
    };
    if (s.neon()) {
      base = new Palette(rgb(0x120a2e), rgb(0x3a1458), rgb(0xb0307a), base.sun, rgb(0x3a2060), rgb(0x160c26),
          rgb(0x2a1050), rgb(0x0c0818), rgb(0x30f0ff), rgb(0x8a4aa0));
    }
    if (s.has(SceneSpec.Element.DESERT)) {
      base = new Palette(base.skyTop, base.skyMid, base.skyHorizon, base.sun, mix(base.ridgeFar, rgb(0xd8a868), 0.6),
          mix(base.ridgeNear, rgb(0xb07838), 0.7), base.water, rgb(0x6a4a28), base.lights, base.mist);
    }
    if (s.has(SceneSpec.Element.SPACE)) {
      base = new Palette(rgb(0x020208), rgb(0x0c0a24), rgb(0x2a1a4a), rgb(0xffe8c0), rgb(0x3a2a5a), rgb(0x0e0a1a),
          base.water, base.trees, base.lights, rgb(0x4a3a7a));
    }
    if (s.autumn()) {
      base = new Palette(base.skyTop, base.skyMid, base.skyHorizon, base.sun, base.ridgeFar, base.ridgeNear, base.water,
          mix(base.trees, rgb(0xc0501a), 0.75), base.lights, base.mist);
    }
    return base.shifted(s.hueShift());
  }

  /** A small warm/cool shift per seed so drafts of one prompt are not all the same colour. */
  private Palette shifted(double shift) {
    return new Palette(tint(skyTop, shift), tint(skyMid, shift), tint(skyHorizon, shift), sun, tint(ridgeFar, shift),
        tint(ridgeNear, shift), tint(water, shift), tint(trees, shift), lights, tint(mist, shift));
  }

  private static double[] tint(double[] c, double shift) {
    return new double[] {clamp(c[0] * (1 + shift)), c[1], clamp(c[2] * (1 - shift))};
  }

  static double[] rgb(int hex) {
    return new double[] {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0};
  }

  static double[] mix(double[] a, double[] b, double t) {
    return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
