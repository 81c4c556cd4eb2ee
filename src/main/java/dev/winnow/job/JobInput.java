package dev.winnow.job;

import java.math.BigDecimal;
import java.util.List;

/**
 * Raw, unvalidated job values from one source (a job file or the command line). Null means "not given here".
 * {@link #overriddenBy} lays the command line over the file.
 *
 * @param prompts prompts with an optional per-prompt want (null want = share of the total)
 * @param checks the job file's {@code checks} map, check name to the value as written ({@code off}); empty if none
 * @param skipChecks {@code --skip-check} names as given; empty if none
 * @param select {@code --select} as given ({@code first} or {@code best})
 * @param oversample {@code --oversample} as given: drafts per keeper under {@code --select best}
 * @param source where these values came from, for messages ("--want" vs "job.yaml: want")
 */
public record JobInput(
    List<PromptInput> prompts,
    Integer want,
    Integer wantEach,
    String draftModel,
    String finalModel,
    String aspect,
    String size,
    String review,
    String promotion,
    Long seed,
    Integer concurrency,
    Integer maxDrafts,
    BigDecimal budget,
    Integer driftThreshold,
    Integer maxRerenders,
    String draftLane,
    String finalLane,
    Integer flexPatience,
    Integer batchPoll,
    String thinking,
    java.util.Map<String, String> checks,
    List<String> skipChecks,
    String select,
    Double oversample,
    Source source) {

  public JobInput {
    checks = checks == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    skipChecks = skipChecks == null ? List.of() : List.copyOf(skipChecks);
  }

  /** Values with no checks turned on or off. */
  public JobInput(List<PromptInput> prompts, Integer want, Integer wantEach, String draftModel, String finalModel, String aspect,
      String size, String review, String promotion, Long seed, Integer concurrency, Integer maxDrafts, BigDecimal budget,
      Integer driftThreshold, Integer maxRerenders, String draftLane, String finalLane, Integer flexPatience, Integer batchPoll,
      String thinking, Source source) {
    this(prompts, want, wantEach, draftModel, finalModel, aspect, size, review, promotion, seed, concurrency, maxDrafts, budget,
        driftThreshold, maxRerenders, draftLane, finalLane, flexPatience, batchPoll, thinking, null, null, null, null, source);
  }

  /** Values without lanes (each tier on the standard lane unless said otherwise). */
  public JobInput(List<PromptInput> prompts, Integer want, Integer wantEach, String draftModel, String finalModel, String aspect,
      String size, String review, String promotion, Long seed, Integer concurrency, Integer maxDrafts, BigDecimal budget,
      Integer driftThreshold, Integer maxRerenders, Source source) {
    this(prompts, want, wantEach, draftModel, finalModel, aspect, size, review, promotion, seed, concurrency, maxDrafts, budget,
        driftThreshold, maxRerenders, null, null, null, null, null, source);
  }

  /** A prompt as given, with its own want and {@code checks} map if the job file set them. */
  public record PromptInput(String prompt, Integer want, java.util.Map<String, String> checks) {
    public PromptInput {
      checks = checks == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }

    public PromptInput(String prompt, Integer want) {
      this(prompt, want, null);
    }
  }

  /** Where values came from: flags, or a job file whose path prefixes every message. */
  public record Source(String file) {
    public static final Source FLAGS = new Source(null);

    String name(String flag, String key) {
      return file == null ? flag : file + ": " + key;
    }
  }

  public static JobInput empty(Source source) {
    return new JobInput(List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, null, source);
  }

  /** This file's values with every value the command line gave laid over them. */
  public JobInput overriddenBy(JobInput flags) {
    return new JobInput(
        flags.prompts.isEmpty() ? prompts : flags.prompts,
        pick(flags.want, flags.wantEach == null ? want : null),
        pick(flags.wantEach, flags.want == null ? wantEach : null),
        pick(flags.draftModel, draftModel),
        pick(flags.finalModel, finalModel),
        pick(flags.aspect, aspect),
        pick(flags.size, size),
        pick(flags.review, review),
        pick(flags.promotion, promotion),
        pick(flags.seed, seed),
        pick(flags.concurrency, concurrency),
        pick(flags.maxDrafts, maxDrafts),
        pick(flags.budget, budget),
        pick(flags.driftThreshold, driftThreshold),
        pick(flags.maxRerenders, maxRerenders),
        pick(flags.draftLane, draftLane),
        pick(flags.finalLane, finalLane),
        pick(flags.flexPatience, flexPatience),
        pick(flags.batchPoll, batchPoll),
        pick(flags.thinking, thinking),
        checks,
        flags.skipChecks.isEmpty() ? skipChecks : flags.skipChecks,
        pick(flags.select, select),
        pick(flags.oversample, oversample),
        source);
  }

  /** These values with {@code --select} and {@code --oversample} as given (null: not given). */
  public JobInput withSelection(String select, Double oversample) {
    return new JobInput(prompts, want, wantEach, draftModel, finalModel, aspect, size, review, promotion, seed, concurrency, maxDrafts,
        budget, driftThreshold, maxRerenders, draftLane, finalLane, flexPatience, batchPoll, thinking, checks, skipChecks, select,
        oversample, source);
  }

  private static <T> T pick(T first, T second) {
    return first != null ? first : second;
  }
}
