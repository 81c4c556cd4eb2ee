package dev.winnow.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.winnow.review.Rubric;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Reads a YAML job file into a {@link JobInput}. Keys mirror the flags with underscores ({@code max_drafts});
 * {@code prompts} is a list of strings or of {@code {prompt, want, checks}} maps. {@code checks} (for the job, or for
 * one prompt) maps screen check names to {@code on} or {@code off}; the validator checks the names and values.
 * Unknown keys are refused so a typo does not silently fall back to a default.
 */
public final class JobFile {
  static final Set<String> KEYS =
      Set.of(
          "prompts", "prompt", "want", "want_each", "draft_model", "final_model", "aspect", "size", "review",
          "promotion", "seed", "concurrency", "max_drafts", "budget", "rubric", "drift_threshold", "max_rerenders", "draft_lane", "final_lane", "flex_patience", "batch_poll", "thinking", "checks", "select", "oversample");

  private static final Set<String> PROMPT_KEYS = Set.of("prompt", "want", "checks");

  private static final Pattern CRITERION = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private JobFile() {}

  public static JobInput read(Path file) {
    return parse(tree(file), new JobInput.Source(file.toString()));
  }

  /**
   * The vision judge's rubric if the file sets one: {@code rubric:} maps criterion names (lower case, digits and
   * underscores) to the question the judge answers for each, in the order given.
   */
  public static Optional<Rubric> rubric(Path file) {
    JsonNode node = tree(file).get("rubric");
    if (node == null || node.isNull()) return Optional.empty();
    if (!node.isObject() || node.isEmpty()) {
      throw new JobException(file + ": rubric must map criterion names to questions, e.g. rubric: {hands: Are hands drawn correctly?}");
    }
    List<Rubric.Criterion> criteria = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!CRITERION.matcher(e.getKey()).matches()) {
        throw new JobException(file + ": rubric criterion '" + e.getKey() + "' must be lower case letters, digits and underscores, 1-40 long");
      }
      if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
        throw new JobException(file + ": rubric." + e.getKey() + " must be the question the judge answers (got " + e.getValue() + ")");
      }
      criteria.add(new Rubric.Criterion(e.getKey(), e.getValue().asText().strip()));
    }
    if (criteria.size() > 12) throw new JobException(file + ": rubric has " + criteria.size() + " criteria; at most 12");
    return Optional.of(new Rubric(criteria));
  }

  private static JsonNode tree(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new JobException("job file " + file + " does not exist");
    } catch (IOException e) {
      throw new JobException("cannot read job file " + file + ": " + e.getClass().getSimpleName());
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new JobException("job file " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new JobException("job file " + file + " must be a YAML mapping of keys such as prompts, want, aspect");
    }
    return root;
  }

  private static JobInput parse(JsonNode root, JobInput.Source src) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new JobException(src.file() + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    return new JobInput(
        prompts(root, src),
        integer(root, "want", src),
        integer(root, "want_each", src),
        text(root, "draft_model", src),
        text(root, "final_model", src),
        text(root, "aspect", src),
        text(root, "size", src),
        text(root, "review", src),
        text(root, "promotion", src),
        root.hasNonNull("seed") ? (long) integer(root, "seed", src) : null,
        integer(root, "concurrency", src),
        integer(root, "max_drafts", src),
        decimal(root, "budget", src),
        integer(root, "drift_threshold", src),
        integer(root, "max_rerenders", src),
        text(root, "draft_lane", src),
        text(root, "final_lane", src),
        integer(root, "flex_patience", src),
        integer(root, "batch_poll", src),
        text(root, "thinking", src),
        checks(root, src, "checks"),
        null,
        text(root, "select", src),
        root.hasNonNull("oversample") ? decimal(root, "oversample", src).doubleValue() : null,
        src);
  }

  private static List<JobInput.PromptInput> prompts(JsonNode root, JobInput.Source src) {
    List<JobInput.PromptInput> out = new ArrayList<>();
    if (root.hasNonNull("prompt")) out.add(new JobInput.PromptInput(text(root, "prompt", src), null));
    JsonNode list = root.path("prompts");
    if (list.isMissingNode() || list.isNull()) return out;
    if (!list.isArray()) throw new JobException(src.file() + ": prompts must be a list of strings or of {prompt, want}");
    int i = 0;
    for (JsonNode item : list) {
      String key = "prompts[" + i++ + "]";
      if (item.isTextual()) {
        out.add(new JobInput.PromptInput(item.asText(), null));
      } else if (item.isObject() && item.path("prompt").isTextual()) {
        for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          if (!PROMPT_KEYS.contains(k)) throw new JobException(src.file() + ": " + key + ": unknown key '" + k + "' (known: checks, prompt, want)");
        }
        out.add(new JobInput.PromptInput(item.get("prompt").asText(), integer(item, "want", src, key + ".want"), checks(item, src, key + ".checks")));
      } else {
        throw new JobException(src.file() + ": " + key + " must be a string or a map with a 'prompt' string (got " + item + ")");
      }
    }
    return out;
  }

  /**
   * A {@code checks} map as written, each value as text: YAML reads a bare {@code off} or {@code no} as a boolean,
   * which comes back here as {@code false}; the validator takes both spellings.
   */
  private static Map<String, String> checks(JsonNode node, JobInput.Source src, String label) {
    JsonNode v = node.get("checks");
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw new JobException(src.file() + ": " + label + " must map check names to on or off, e.g. checks: {blur: off}");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new JobException(src.file() + ": " + label + "." + e.getKey() + " must be on or off (got " + e.getValue() + ")");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static String text(JsonNode node, String key, JobInput.Source src) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isValueNode()) throw new JobException(src.file() + ": " + key + " must be a single value (got " + v + ")");
    return v.asText();
  }

  private static Integer integer(JsonNode node, String key, JobInput.Source src) {
    return integer(node, key, src, key);
  }

  private static Integer integer(JsonNode node, String key, JobInput.Source src, String label) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new JobException(src.file() + ": " + label + " must be a whole number (got " + v + ")");
    }
    return v.intValue();
  }

  private static BigDecimal decimal(JsonNode node, String key, JobInput.Source src) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isNumber()) throw new JobException(src.file() + ": " + key + " must be a number of US dollars (got " + v + ")");
    return v.decimalValue();
  }
}
