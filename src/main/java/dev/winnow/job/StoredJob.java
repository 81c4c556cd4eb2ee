package dev.winnow.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the job a batch was run with, as {@link JobJson} wrote it into the ledger, so a later command
 * ({@code winnow review BATCH}) can continue the batch without the original flags. The job is validated again and
 * must come out with the same batch id: anything else would continue a different batch.
 */
public final class StoredJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredJob() {}

  public static Job parse(String batchId, String json) {
    JobInput.Source src = new JobInput.Source("ledger job of batch " + batchId);
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new JobException(src.file() + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject() || !o.path("prompts").isArray()) {
      throw new JobException(src.file() + " has no prompts list; was it written by winnow?");
    }
    List<JobInput.PromptInput> prompts = new ArrayList<>();
    for (JsonNode p : o.get("prompts")) prompts.add(new JobInput.PromptInput(p.path("prompt").asText(null), integer(p, "want"), checks(p)));
    JobInput in =
        new JobInput(prompts, null, null, text(o, "draft_model"), text(o, "final_model"), text(o, "aspect"), text(o, "size"),
            text(o, "review"), text(o, "promotion"), o.hasNonNull("seed") ? o.get("seed").asLong() : null, integer(o, "concurrency"),
            integer(o, "max_drafts"), o.hasNonNull("budget") ? o.get("budget").decimalValue() : null,
            integer(o, "drift_threshold"), integer(o, "max_rerenders"), text(o, "draft_lane"), text(o, "final_lane"), integer(o, "flex_patience"), integer(o, "batch_poll"), text(o, "thinking"), src)
            .withSelection(text(o, "select"), o.hasNonNull("oversample") ? o.get("oversample").asDouble() : null);
    Job job = JobValidator.validate(in);
    java.util.Set<Integer> direct = new java.util.TreeSet<>();
    for (JsonNode d : o.path("direct")) direct.add(d.asInt());
    if (!direct.isEmpty()) job = job.withDirect(direct);
    if (!job.batchId().equals(batchId)) {
      throw new JobException(src.file() + " reads back as batch " + job.batchId() + "; it was written by another winnow version");
    }
    return job;
  }

  private static java.util.Map<String, String> checks(JsonNode prompt) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    prompt.path("checks").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static String text(JsonNode o, String key) {
    return o.hasNonNull(key) ? o.get(key).asText() : null;
  }

  private static Integer integer(JsonNode o, String key) {
    return o.hasNonNull(key) ? o.get(key).asInt() : null;
  }
}
