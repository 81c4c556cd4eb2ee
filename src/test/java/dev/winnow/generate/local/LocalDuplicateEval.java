package dev.winnow.generate.local;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.screen.Fingerprint;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Near-duplicate precision of the screen on the local backend's own drafts: the images the pipeline screens most, and
 * unlike the wallpapers of {@code bench/screen/eval.sh}, mostly smooth skies over a horizon. The truth comes from the
 * scene. Two drafts of one prompt whose seeds drew the same composition are one picture: the renderer paints the same
 * scene, and only the draft's own exposure, hue, haze and focus differ; pairs where either draft has a visible defect
 * (exposure off by more than half a stop, haze or blur) are left out of recall, since the screen rejects those drafts
 * for the defect. Two drafts of different prompts, or whose sun or horizon is elsewhere, are two pictures. Two
 * compositions with the same sun and horizon differ only in the shape of the terrain or skyline: neither answer is
 * wrong for them, and they are left out.
 *
 * <pre>java -cp CLASSPATH dev.winnow.generate.local.LocalDuplicateEval [SEEDS_PER_PROMPT] [SIZE]</pre>
 */
public final class LocalDuplicateEval {
  private static final List<String> PROMPTS = List.of(
      "misty mountains at dawn", "neon city at night", "calm sea at sunset", "desert under snow", "forest lake in autumn",
      "lighthouse on a cliff at dusk", "starry sky over mountains", "city skyline at noon");

  private record Draft(int prompt, long seed, SceneSpec spec, Fingerprint fingerprint) {
    boolean clean() {
      return Math.abs(spec.exposureStops()) <= 0.5 && spec.haze() == 0 && spec.blur() == 0;
    }

    String name() {
      return "p" + prompt + "/s" + seed + "/comp" + spec.composition();
    }
  }

  private LocalDuplicateEval() {}

  private static boolean sameLayout(SceneSpec a, SceneSpec b) {
    return a.horizon() == b.horizon() && a.sunX() == b.sunX() && a.sunHeight() == b.sunHeight();
  }

  public static void main(String[] args) throws Exception {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    ImageSize size = args.length > 1 ? ImageSize.parse(args[1]).orElseThrow() : ImageSize.K1;
    int radius = ScreenSettings.defaults().duplicateDistance();
    LocalImageModel model = new LocalImageModel();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<Draft>> futures = new ArrayList<>();
    for (int p = 0; p < PROMPTS.size(); p++) {
      for (long seed = 1; seed <= seeds; seed++) {
        int prompt = p;
        long s = seed;
        futures.add(pool.submit(() -> {
          Instructions in = new Instructions(PROMPTS.get(prompt), s, AspectRatio.parse("16:9").orElseThrow(), size, ImageSize.K2, "local-draft", "local-final");
          CallOutcome.Image image = (CallOutcome.Image) model.generate(GenerationRequest.draft(in));
          return new Draft(prompt, s, SceneSpec.of(in.prompt(), s), Screen.fingerprint(image.bytes()).orElseThrow());
        }));
      }
    }
    List<Draft> drafts = new ArrayList<>();
    for (Future<Draft> f : futures) drafts.add(f.get());
    pool.shutdown();

    int positives = 0, found = 0, negatives = 0, falseMatches = 0, withinRadius = 0;
    List<String> falseList = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      for (int j = i + 1; j < drafts.size(); j++) {
        Draft a = drafts.get(i), b = drafts.get(j);
        boolean same = a.prompt() == b.prompt() && a.spec().composition() == b.spec().composition();
        if (!same && a.prompt() == b.prompt() && sameLayout(a.spec(), b.spec())) continue;
        boolean near = Long.bitCount(a.fingerprint().hash() ^ b.fingerprint().hash()) <= radius;
        boolean matched = near && a.fingerprint().sameImage(b.fingerprint());
        if (same) {
          if (!a.clean() || !b.clean()) continue;
          positives++;
          if (matched) found++;
        } else {
          negatives++;
          if (near) withinRadius++;
          if (matched) {
            falseMatches++;
            falseList.add(a.name() + " ~ " + b.name());
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d local drafts (%d prompts x %d seeds, %s): same-composition pairs (clean) %d, found %d (recall %.3f);"
        + " different pictures %d pairs, %d within the hash radius, %d called copies (false-match rate %.5f, precision %.3f)%n",
        drafts.size(), PROMPTS.size(), seeds, size, positives, found, positives == 0 ? Double.NaN : (double) found / positives,
        negatives, withinRadius, falseMatches, (double) falseMatches / negatives, found + falseMatches == 0 ? Double.NaN : (double) found / (found + falseMatches));
    falseList.stream().limit(20).forEach(s -> System.out.println("  false: " + s));
  }
}
