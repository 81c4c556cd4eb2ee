package dev.winnow.job;

import dev.winnow.generate.Lane;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import dev.winnow.spec.Slug;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated batch request. Immutable; built only by {@link JobValidator}. {@link #maxDrafts()} caps drafts over
 * the whole batch, split across prompts in proportion to what each wants.
 */
public record Job(
    List<PromptTarget> prompts,
    String draftModel,
    String finalModel,
    AspectRatio aspect,
    ImageSize draftSize,
    ImageSize finalSize,
    ReviewMode review,
    PromotionMode promotion,
    long firstSeed,
    int concurrency,
    int maxDrafts,
    Optional<BigDecimal> budgetUsd,
    int driftThreshold,
    int maxRerenders,
    java.util.Set<Integer> direct,
    Lane draftLane,
    Lane finalLane,
    java.time.Duration flexPatience,
    java.time.Duration batchPoll,
    Optional<String> thinking,
    Selection selection) {

  public Job {
    prompts = List.copyOf(prompts);
    direct = java.util.Set.copyOf(direct);
    Objects.requireNonNull(budgetUsd, "budgetUsd");
    Objects.requireNonNull(draftLane, "draftLane");
    Objects.requireNonNull(finalLane, "finalLane");
    Objects.requireNonNull(selection, "selection");
    if (prompts.isEmpty()) throw new IllegalArgumentException("a job needs at least one prompt");
  }

  /** The cap on calls in flight the user gave (--concurrency), empty when calls follow the quota alone. */
  public java.util.OptionalInt concurrencyCap() {
    return concurrency > 0 ? java.util.OptionalInt.of(concurrency) : java.util.OptionalInt.empty();
  }

  public int wantTotal() {
    return prompts.stream().mapToInt(PromptTarget::want).sum();
  }

  /** This prompt's share of --max-drafts: proportional to its want, at least its want. */
  public int maxDraftsFor(int promptIndex) {
    int want = prompts.get(promptIndex).want();
    long share = (long) maxDrafts * want / wantTotal();
    return (int) Math.max(want, share);
  }

  /**
   * The instructions of the candidate drafted with {@code seed} for prompt {@code promptIndex}. A prompt rendered
   * directly (see {@link #withDirect}) is drafted on the final model at the final size: its draft is its final.
   */
  public Instructions instructions(int promptIndex, long seed) {
    String prompt = prompts.get(promptIndex).prompt();
    if (direct.contains(promptIndex)) return new Instructions(prompt, seed, aspect, finalSize, finalSize, finalModel, finalModel);
    return new Instructions(prompt, seed, aspect, draftSize, finalSize, draftModel, finalModel);
  }

  /** This job with these prompts rendered directly on the final model (--auto-tier, past break-even). */
  public Job withDirect(java.util.Set<Integer> promptIndexes) {
    return new Job(prompts, draftModel, finalModel, aspect, draftSize, finalSize, review, promotion, firstSeed, concurrency,
        maxDrafts, budgetUsd, driftThreshold, maxRerenders, promptIndexes, draftLane, finalLane, flexPatience, batchPoll, thinking, selection);
  }

  /** This job with other lanes (a router's choice). */
  public Job withLanes(Lane drafts, Lane finals) {
    return new Job(prompts, draftModel, finalModel, aspect, draftSize, finalSize, review, promotion, firstSeed, concurrency,
        maxDrafts, budgetUsd, driftThreshold, maxRerenders, direct, drafts, finals, flexPatience, batchPoll, thinking, selection);
  }

  /**
   * A request as this job sends it: on its tier's lane, and with the job's thinking level where the request's model
   * thinks (Nano Banana 2.1; Lite does not).
   */
  public dev.winnow.generate.GenerationRequest dress(dev.winnow.generate.GenerationRequest request) {
    var r = request.on(laneFor(request.tier()));
    if (thinking.isPresent() && !dev.winnow.generate.ModelCatalog.thinkingLevels(request.model()).isEmpty()) r = r.thinking(thinking.get());
    return r;
  }

  /** The lane calls of {@code tier} are sent on. Lanes change the price and the wait, never the image. */
  public Lane laneFor(dev.winnow.spec.Tier tier) {
    return tier == dev.winnow.spec.Tier.DRAFT ? draftLane : finalLane;
  }

  /**
   * A stable id for this job: a readable slug of the first prompt and a digest of everything that decides which
   * images it makes. Running the same job again finds the same batch (and continues it) instead of paying twice.
   */
  public String batchId() {
    StringBuilder identity = new StringBuilder();
    for (PromptTarget p : prompts) identity.append(p.prompt()).append('\u0000').append(p.want()).append('\n');
    identity
        .append(draftModel).append('|').append(finalModel).append('|').append(aspect).append('|')
        .append(draftSize).append('|').append(finalSize).append('|').append(review).append('|')
        .append(promotion).append('|').append(firstSeed);
    if (!direct.isEmpty()) identity.append("|direct").append(new java.util.TreeSet<>(direct));
    // Only a best-of selection changes which images become finals; a first-come job keeps the id it always had.
    if (selection.best()) identity.append("|best x").append(selection.oversample());
    return Slug.of(prompts.get(0).prompt(), 32) + "-" + digest(identity.toString()).substring(0, 8);
  }

  private static String digest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
