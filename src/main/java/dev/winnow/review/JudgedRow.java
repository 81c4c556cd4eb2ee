package dev.winnow.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.ledger.Review;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A judge's whole judgement kept in the review log, so calibration can pair it later with a person's pick: a row
 * whose verdict is {@code judged} followed by a JSON object of score, confidence and criteria. It lives in the
 * verdict column because the log has no other free text, and a new table would need a migration on both
 * databases; {@link Decision#fold} skips these rows, so they never count as a pick.
 */
final class JudgedRow {
  static final String PREFIX = "judged";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the log holds of one judgement. */
  record Judged(String judge, double score, double confidence, Map<String, Double> criteria) {}

  private JudgedRow() {}

  static String verdict(Judgement j) {
    ObjectNode o = JSON.createObjectNode().put("score", j.score()).put("confidence", j.confidence());
    ObjectNode c = o.putObject("criteria");
    j.criteria().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(), e.getValue()));
    return PREFIX + " " + o;
  }

  static boolean is(Review r) {
    return r.verdict() != null && r.verdict().startsWith(PREFIX);
  }

  /** The judgement in a log row, or empty when the row is not one (or is damaged: calibration skips it). */
  static Optional<Judged> parse(Review r) {
    if (!is(r)) return Optional.empty();
    try {
      JsonNode o = JSON.readTree(r.verdict().substring(PREFIX.length()));
      Map<String, Double> criteria = new LinkedHashMap<>();
      o.path("criteria").fields().forEachRemaining(e -> criteria.put(e.getKey(), e.getValue().asDouble()));
      if (!o.path("score").isNumber() || !o.path("confidence").isNumber()) return Optional.empty();
      return Optional.of(new Judged(r.reviewer(), o.get("score").asDouble(), o.get("confidence").asDouble(), criteria));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
