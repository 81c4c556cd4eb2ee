package dev.winnow.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a vision judge is told and the JSON it must answer with: a score per rubric criterion, an overall score, how
 * sure it is and one line of reason. The schema goes out as structured output, so the answer is checked by the
 * provider first and by {@link #parse} again here (a model may still return a number out of range).
 */
final class JudgePrompt {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JudgePrompt() {}

  static String instruction(String prompt, Rubric rubric) {
    StringBuilder s = new StringBuilder();
    s.append("You review a draft image made by an image-generation model before anyone pays to render it at full ")
        .append("quality. The image was generated from this prompt:\n\n\"").append(prompt).append("\"\n\n")
        .append("Score each criterion from 0 (fails badly) to 1 (fully met):\n");
    for (Rubric.Criterion c : rubric.criteria()) s.append("- ").append(c.name()).append(": ").append(c.question()).append('\n');
    s.append("\nThen give `score`, 0 to 1, for whether the image is worth keeping (0.5 and above: keep), ")
        .append("`confidence`, 0 to 1, for how sure you are of that decision (low when the image is borderline or hard ")
        .append("to judge at this size), and `reason`, one short sentence a person can read. Judge the picture, not its ")
        .append("resolution: it has been scaled down for you. Answer with the JSON object only.");
    return s.toString();
  }

  static Map<String, Object> schema(Rubric rubric) {
    Map<String, Object> unit = Map.of("type", "number", "minimum", 0, "maximum", 1);
    Map<String, Object> criteria = new LinkedHashMap<>();
    List<String> names = rubric.criteria().stream().map(Rubric.Criterion::name).toList();
    for (String name : names) criteria.put(name, unit);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("criteria", Map.of("type", "object", "properties", criteria, "required", names));
    properties.put("score", unit);
    properties.put("confidence", unit);
    properties.put("reason", Map.of("type", "string"));
    return Map.of("type", "object", "properties", properties, "required", List.of("criteria", "score", "confidence", "reason"));
  }

  /** The judgement in {@code text}, or empty when it is not the JSON asked for. */
  static Optional<Judgement> parse(String text, Rubric rubric, BigDecimal costUsd) {
    try {
      JsonNode root = JSON.readTree(text);
      Map<String, Double> criteria = new LinkedHashMap<>();
      for (Rubric.Criterion c : rubric.criteria()) {
        JsonNode v = root.path("criteria").path(c.name());
        if (!isUnit(v)) return Optional.empty();
        criteria.put(c.name(), v.asDouble());
      }
      JsonNode score = root.path("score"), confidence = root.path("confidence"), reason = root.path("reason");
      if (!isUnit(score) || !isUnit(confidence) || !reason.isTextual()) return Optional.empty();
      String line = reason.asText().replaceAll("\\s+", " ").strip();
      return Optional.of(new Judgement(score.asDouble(), confidence.asDouble(), criteria, line.length() > 300 ? line.substring(0, 299) + "…" : line, costUsd));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static boolean isUnit(JsonNode v) {
    return v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1;
  }
}
