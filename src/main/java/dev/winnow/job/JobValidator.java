package dev.winnow.job;

import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link JobInput} once, fills in defaults, and builds the {@link Job}. The first mistake ends it with a
 * {@link JobException} naming the flag (or file and key), the value given and what is allowed, as HikariCP checks
 * its configuration.
 */
public final class JobValidator {
  public static final String DEFAULT_DRAFT_MODEL = ModelCatalog.LITE;
  public static final String DEFAULT_FINAL_MODEL = ModelCatalog.FLASH_21;
  public static final String DEFAULT_ASPECT = "16:9";
  public static final String DEFAULT_SIZE = "2K";
  /** No cap: calls in flight follow the quota and the observed latency (see pipeline.Pacing). */
  public static final int DEFAULT_CONCURRENCY = 0;
  public static final long DEFAULT_SEED = 1;
  /** Drafts allowed per keeper wanted when --max-drafts is not given: enough for a 10% acceptance rate. */
  public static final int DEFAULT_DRAFTS_PER_KEEPER = 10;

  /**
   * Perceptual-hash bits a final may differ from its draft before it counts as drifted: resized and re-detailed
   * renders of one picture land within ~10 of 64 bits, unrelated pictures near 32.
   */
  public static final int DEFAULT_DRIFT_THRESHOLD = 16;

  public static final int DEFAULT_MAX_RERENDERS = 1;

  /** How long a Flex call is retried before it falls back to the standard lane: inside Flex's 1-15 minute target. */
  public static final java.time.Duration DEFAULT_FLEX_PATIENCE = java.time.Duration.ofMinutes(10);

  /** The first look at a Batch API job after it was created; later looks back off, doubling to a minute. */
  public static final java.time.Duration DEFAULT_BATCH_POLL = java.time.Duration.ofSeconds(5);

  static final int MAX_WANT = 100_000;
  static final int MAX_CONCURRENCY = 4096;

  /** The ratios the Gemini image models accept for imageConfig.aspectRatio. */
  public static final List<String> ASPECTS =
      List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "1:4", "4:1", "1:8", "8:1");

  private static final Set<AspectRatio> ALLOWED_ASPECTS =
      Set.copyOf(ASPECTS.stream().map(a -> AspectRatio.parse(a).orElseThrow()).toList());

  private JobValidator() {}

  public static Job validate(JobInput in) {
    JobInput.Source src = in.source();
    List<PromptTarget> prompts = withChecks(prompts(in, src), in, src);
    String draftModel = model(in.draftModel(), DEFAULT_DRAFT_MODEL, src.name("--draft-model", "draft_model"));
    String finalModel = model(in.finalModel(), DEFAULT_FINAL_MODEL, src.name("--final-model", "final_model"));
    AspectRatio aspect = aspect(orDefault(in.aspect(), DEFAULT_ASPECT), src.name("--aspect", "aspect"));
    ImageSize finalSize = size(orDefault(in.size(), DEFAULT_SIZE), finalModel, src.name("--size", "size"));
    ImageSize draftSize = ModelCatalog.fit(draftModel, smaller(finalSize, ImageSize.K1));
    ReviewMode review =
        in.review() == null
            ? ReviewMode.AUTO
            : ReviewMode.parse(in.review()).orElseThrow(() -> bad(src.name("--review", "review"), in.review(), ReviewMode.allowed()));
    PromotionMode promotion =
        in.promotion() == null
            ? defaultPromotion(finalModel)
            : PromotionMode.parse(in.promotion()).orElseThrow(() -> bad(src.name("--promotion", "promotion"), in.promotion(), PromotionMode.allowed()));
    long seed = in.seed() == null ? DEFAULT_SEED : in.seed();
    if (seed < 0) throw new JobException(src.name("--seed", "seed") + " must be 0 or more (got " + seed + ")");
    int concurrency = in.concurrency() == null ? DEFAULT_CONCURRENCY : in.concurrency();
    if (in.concurrency() != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
      throw new JobException(src.name("--concurrency", "concurrency") + " must be between 1 and " + MAX_CONCURRENCY + " (got " + concurrency + ")");
    }
    int wantTotal = prompts.stream().mapToInt(PromptTarget::want).sum();
    Selection selection = selection(in, review, src);
    int wave = prompts.stream().mapToInt(p -> selection.wave(p.want())).sum();
    int maxDrafts = in.maxDrafts() == null ? Math.max(wantTotal * DEFAULT_DRAFTS_PER_KEEPER, 2 * wave) : in.maxDrafts();
    if (maxDrafts < wantTotal) {
      throw new JobException(src.name("--max-drafts", "max_drafts") + " must be at least the keepers wanted, " + wantTotal + " (got " + maxDrafts + ")");
    }
    if (maxDrafts < wave) {
      throw new JobException(src.name("--max-drafts", "max_drafts") + " " + maxDrafts + " is less than the first wave of --select best, "
          + wave + " (keepers x --oversample); raise it or lower --oversample");
    }
    Optional<BigDecimal> budget = Optional.ofNullable(in.budget());
    if (budget.isPresent() && budget.get().signum() <= 0) {
      throw new JobException(src.name("--budget", "budget") + " must be more than 0 US dollars (got " + budget.get().toPlainString() + ")");
    }
    int drift = in.driftThreshold() == null ? DEFAULT_DRIFT_THRESHOLD : in.driftThreshold();
    if (drift < 0 || drift > 64) {
      throw new JobException(src.name("--drift-threshold", "drift_threshold") + " must be between 0 and 64 bits (got " + drift + ")");
    }
    int rerenders = in.maxRerenders() == null ? DEFAULT_MAX_RERENDERS : in.maxRerenders();
    if (rerenders < 0 || rerenders > 5) {
      throw new JobException(src.name("--max-rerenders", "max_rerenders") + " must be between 0 and 5 (got " + rerenders + ")");
    }
    Lane draftLane = lane(in.draftLane(), draftModel, src.name("--draft-lane", "draft_lane"), src.name("--draft-model", "draft_model"));
    Lane finalLane = lane(in.finalLane(), finalModel, src.name("--final-lane", "final_lane"), src.name("--final-model", "final_model"));
    return new Job(prompts, draftModel, finalModel, aspect, draftSize, finalSize, review, promotion, seed, concurrency, maxDrafts, budget, drift, rerenders,
        java.util.Set.of(), draftLane, finalLane, flexPatience(in, src), batchPoll(in, src), thinking(in, finalModel, src), selection);
  }

  /**
   * {@code --select} and {@code --oversample}: best of a wave needs someone who scores (a judge) or chooses side by
   * side (a person); the auto reviewer accepts everything that passed the screen, so it has nothing to rank by.
   */
  private static Selection selection(JobInput in, ReviewMode review, JobInput.Source src) {
    String name = src.name("--select", "select");
    Selection.Mode mode = in.select() == null ? Selection.Mode.FIRST
        : Selection.Mode.parse(in.select()).orElseThrow(() -> bad(name, in.select(), Selection.Mode.allowed()));
    String over = src.name("--oversample", "oversample");
    if (mode == Selection.Mode.FIRST) {
      if (in.oversample() != null) throw new JobException(over + " only applies to " + name + " best (drafts per keeper to choose the best from)");
      return Selection.FIRST;
    }
    if (review == ReviewMode.AUTO) {
      throw new JobException(name + " best needs a reviewer who ranks the drafts: add --review vision (a judge scores each) or --review human "
          + "(choose side by side in the gallery)");
    }
    double k = in.oversample() == null ? Selection.DEFAULT_OVERSAMPLE : in.oversample();
    if (!(k >= 1 && k <= Selection.MAX_OVERSAMPLE)) {
      throw new JobException(over + " must be between 1 and " + (int) Selection.MAX_OVERSAMPLE + " drafts per keeper (got " + in.oversample() + ")");
    }
    return new Selection(mode, k);
  }

  private static Optional<String> thinking(JobInput in, String finalModel, JobInput.Source src) {
    if (in.thinking() == null) return Optional.empty();
    String name = src.name("--thinking", "thinking");
    List<String> levels = ModelCatalog.thinkingLevels(finalModel);
    if (levels.isEmpty()) {
      throw new JobException(name + " " + in.thinking() + ": " + finalModel + " takes no thinking level (" + ModelCatalog.FLASH_21 + " does)");
    }
    String level = in.thinking().strip().toLowerCase(java.util.Locale.ROOT);
    if (!levels.contains(level)) throw bad(name, in.thinking(), String.join(", ", levels.stream().sorted().toList()));
    return Optional.of(level);
  }

  private static java.time.Duration batchPoll(JobInput in, JobInput.Source src) {
    if (in.batchPoll() == null) return DEFAULT_BATCH_POLL;
    if (in.batchPoll() < 1 || in.batchPoll() > 3_600) {
      throw new JobException(src.name("--batch-poll", "batch_poll") + " must be between 1 and 3600 seconds (got " + in.batchPoll() + ")");
    }
    return java.time.Duration.ofSeconds(in.batchPoll());
  }

  private static java.time.Duration flexPatience(JobInput in, JobInput.Source src) {
    if (in.flexPatience() == null) return DEFAULT_FLEX_PATIENCE;
    if (in.flexPatience() < 1 || in.flexPatience() > 86_400) {
      throw new JobException(src.name("--flex-patience", "flex_patience") + " must be between 1 and 86400 seconds (got " + in.flexPatience() + ")");
    }
    return java.time.Duration.ofSeconds(in.flexPatience());
  }

  /** A tier's lane, refused before any call where the model is not served on it (Lite has no Flex lane). */
  private static Lane lane(String given, String model, String name, String modelName) {
    if (given == null) return Lane.STANDARD;
    Lane lane = Lane.parse(given).orElseThrow(() -> bad(name, given, Lane.allowed()));
    Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model);
    if (known.isPresent() && !known.get().lanes().contains(lane)) {
      throw new JobException(name + " " + lane.label() + ": " + model + " is not served on the " + lane.label() + " lane (it has "
          + known.get().lanes().stream().map(Lane::label).collect(java.util.stream.Collectors.joining(", ")) + "); change " + name + " or " + modelName);
    }
    return lane;
  }

  private static List<PromptTarget> prompts(JobInput in, JobInput.Source src) {
    if (in.prompts().isEmpty()) {
      throw new JobException("no prompt given: use --prompt TEXT (repeatable) or --job FILE.yaml with a 'prompts' list");
    }
    String wantName = src.name("--want", "want");
    if (in.want() != null && (in.want() < 1 || in.want() > MAX_WANT)) {
      throw new JobException(wantName + " must be between 1 and " + MAX_WANT + " (got " + in.want() + ")");
    }
    if (in.wantEach() != null && (in.wantEach() < 1 || in.wantEach() > MAX_WANT)) {
      throw new JobException(src.name("--want-each", "want_each") + " must be between 1 and " + MAX_WANT + " (got " + in.wantEach() + ")");
    }
    long sharing = in.prompts().stream().filter(p -> p.want() == null).count();
    if (sharing > 0 && in.want() == null && in.wantEach() == null) {
      throw new JobException("how many keepers? give --want N (in total) or --want-each N (per prompt)");
    }
    int ownTotal = in.prompts().stream().filter(p -> p.want() != null).mapToInt(JobInput.PromptInput::want).sum();
    int sharedTotal = in.want() == null ? 0 : in.want() - ownTotal;
    if (in.wantEach() == null && sharing > 0 && sharedTotal < sharing) {
      throw new JobException(wantName + " " + in.want() + " is too few for " + in.prompts().size() + " prompts (at least one each); use --want-each for a per-prompt count");
    }
    List<PromptTarget> out = new ArrayList<>();
    int i = 0;
    int sharedIndex = 0;
    for (JobInput.PromptInput p : in.prompts()) {
      String name = src.file() == null ? "--prompt" : src.file() + ": prompts[" + i + "]";
      if (p.prompt() == null || p.prompt().isBlank()) throw new JobException(name + " must not be empty");
      if (p.prompt().length() > 4000) throw new JobException(name + " is " + p.prompt().length() + " characters; the limit is 4000");
      if (p.want() != null && p.want() < 1) throw new JobException(name + ".want must be at least 1 (got " + p.want() + ")");
      int want;
      if (p.want() != null) {
        want = p.want();
      } else if (in.wantEach() != null) {
        want = in.wantEach();
      } else {
        want = (int) (sharedTotal / sharing + (sharedIndex < sharedTotal % sharing ? 1 : 0));
        sharedIndex++;
      }
      out.add(new PromptTarget(p.prompt().strip(), want));
      i++;
    }
    return out;
  }

  /**
   * Each prompt's screen checks: what its words imply, then the job file's {@code checks}, then the prompt's own,
   * then {@code --skip-check}, each laid over the one before.
   */
  private static List<PromptTarget> withChecks(List<PromptTarget> prompts, JobInput in, JobInput.Source src) {
    List<dev.winnow.screen.Check> flagged = new ArrayList<>();
    for (String name : in.skipChecks()) {
      flagged.add(dev.winnow.screen.Check.parse(name).orElseThrow(() -> bad("--skip-check", name, dev.winnow.screen.Check.allowed())));
    }
    List<Choice> jobChoices = choices(in.checks(), src.file() + ": checks");
    List<PromptTarget> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      PromptTarget p = prompts.get(i);
      ScreenChecks checks = p.checks();
      for (Choice c : jobChoices) checks = checks.asked(c.check(), c.on(), c.by());
      if (i < in.prompts().size()) {
        for (Choice c : choices(in.prompts().get(i).checks(), src.file() + ": prompts[" + i + "].checks")) checks = checks.asked(c.check(), c.on(), c.by());
      }
      for (dev.winnow.screen.Check c : flagged) checks = checks.asked(c, false, "--skip-check");
      out.add(new PromptTarget(p.prompt(), p.want(), checks));
    }
    return out;
  }

  private record Choice(dev.winnow.screen.Check check, boolean on, String by) {}

  /** A {@code checks} map checked: known names, on or off (YAML's true and false included). */
  private static List<Choice> choices(java.util.Map<String, String> given, String name) {
    List<Choice> out = new ArrayList<>();
    given.forEach((key, value) -> {
      dev.winnow.screen.Check check = dev.winnow.screen.Check.parse(key)
          .orElseThrow(() -> new JobException(name + ": '" + key + "' is not a check (use " + dev.winnow.screen.Check.allowed() + ")"));
      String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
      boolean on = switch (v) {
        case "on", "true", "yes" -> true;
        case "off", "false", "no", "skip" -> false;
        default -> throw bad(name + "." + key, value, "on or off");
      };
      out.add(new Choice(check, on, name + "." + key));
    });
    return out;
  }

  private static String model(String given, String fallback, String name) {
    if (given == null) return fallback;
    String trimmed = given.trim();
    if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9][A-Za-z0-9._\\-/]*")) {
      throw new JobException(name + " must be a model id such as " + fallback + " (got '" + given + "')");
    }
    return ModelCatalog.canonical(trimmed);
  }

  private static AspectRatio aspect(String given, String name) {
    AspectRatio a = AspectRatio.parse(given).orElseThrow(() -> bad(name, given, "W:H such as 16:9"));
    if (!ALLOWED_ASPECTS.contains(a)) throw bad(name, given, String.join(", ", ASPECTS));
    return a;
  }

  private static ImageSize size(String given, String finalModel, String name) {
    ImageSize size = ImageSize.parse(given).orElseThrow(() -> bad(name, given, ImageSize.allowed()));
    ModelCatalog.find(finalModel)
        .filter(m -> !m.sizes().contains(size))
        .ifPresent(m -> {
          List<String> others = ModelCatalog.all().stream().filter(k -> k.sizes().contains(size)).map(ModelCatalog.KnownModel::id).toList();
          throw new JobException(name + " " + size + " is not offered by " + m.id() + " (it renders " + m.sizes().stream().sorted().map(ImageSize::label).toList() + ")"
              + (others.isEmpty() ? "" : "; " + String.join(", ", others) + " renders " + size));
        });
    return size;
  }

  private static PromotionMode defaultPromotion(String finalModel) {
    return ModelCatalog.find(finalModel).isPresent() ? PromotionMode.REFERENCE : PromotionMode.SEED;
  }

  private static ImageSize smaller(ImageSize a, ImageSize b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static JobException bad(String name, String value, String allowed) {
    return new JobException(name + ": '" + value + "' is not allowed (use " + allowed + ")");
  }
}
