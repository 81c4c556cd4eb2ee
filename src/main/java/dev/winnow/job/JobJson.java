package dev.winnow.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.generate.Lane;

/** The job as the ledger stores it: the same keys as the job file, so a batch's job can be read back by a person. */
public final class JobJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobJson() {}

  /** The promotion route a stored job used ({@code seed} for jobs that do not say). */
  public static PromotionMode promotion(String jobJson) {
    try {
      return PromotionMode.parse(JSON.readTree(jobJson).path("promotion").asText("seed")).orElse(PromotionMode.SEED);
    } catch (java.io.IOException e) {
      return PromotionMode.SEED;
    }
  }

  /** Whether a stored job keeps the best of each wave ({@code select: best}). */
  public static boolean selectsBest(String jobJson) {
    try {
      return "best".equals(JSON.readTree(jobJson).path("select").asText(""));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  public static String of(Job job) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode prompts = o.putArray("prompts");
    for (PromptTarget p : job.prompts()) {
      ObjectNode item = prompts.addObject().put("prompt", p.prompt()).put("want", p.want());
      // Only what was asked: what the words imply is implied again when the job is read back.
      ObjectNode checks = JSON.createObjectNode();
      p.checks().choices().forEach((check, choice) -> {
        if (choice.origin() == ScreenChecks.Origin.ASKED) checks.put(check.code(), choice.on() ? "on" : "off");
      });
      if (!checks.isEmpty()) item.set("checks", checks);
    }
    o.put("draft_model", job.draftModel());
    o.put("final_model", job.finalModel());
    o.put("aspect", job.aspect().toString());
    o.put("draft_size", job.draftSize().label());
    o.put("size", job.finalSize().label());
    o.put("review", job.review().label());
    o.put("promotion", job.promotion().label());
    o.put("seed", job.firstSeed());
    if (job.concurrency() > 0) o.put("concurrency", job.concurrency());
    o.put("max_drafts", job.maxDrafts());
    job.budgetUsd().ifPresent(b -> o.put("budget", b));
    o.put("drift_threshold", job.driftThreshold());
    o.put("max_rerenders", job.maxRerenders());
    if (job.draftLane() != Lane.STANDARD) o.put("draft_lane", job.draftLane().label());
    if (job.finalLane() != Lane.STANDARD) o.put("final_lane", job.finalLane().label());
    if (!job.flexPatience().equals(JobValidator.DEFAULT_FLEX_PATIENCE)) o.put("flex_patience", job.flexPatience().toSeconds());
    if (!job.batchPoll().equals(JobValidator.DEFAULT_BATCH_POLL)) o.put("batch_poll", job.batchPoll().toSeconds());
    job.thinking().ifPresent(t -> o.put("thinking", t));
    if (job.selection().best()) o.put("select", job.selection().mode().label()).put("oversample", job.selection().oversample());
    if (!job.direct().isEmpty()) job.direct().stream().sorted().forEach(o.putArray("direct")::add);
    return o.toString();
  }
}
