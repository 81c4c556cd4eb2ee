package dev.winnow.generate;

import java.util.Map;
import java.util.Objects;

/**
 * One question to a vision model about one image, answered as JSON.
 *
 * @param model the model id, e.g. {@code gemini-2.5-flash}
 * @param image the image bytes, sent inline before the instruction
 * @param mimeType the image's type, {@code image/jpeg} or {@code image/png}
 * @param instruction what to do with the image
 * @param jsonSchema the JSON Schema the answer must follow (structured output)
 * @param maxOutputTokens a ceiling on the answer, thinking included: it bounds the call's cost
 */
public record VisionQuery(String model, byte[] image, String mimeType, String instruction, Map<String, Object> jsonSchema, int maxOutputTokens) {
  public VisionQuery {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(instruction, "instruction");
    jsonSchema = Map.copyOf(jsonSchema);
    if (maxOutputTokens < 1) throw new IllegalArgumentException("maxOutputTokens must be positive (got " + maxOutputTokens + ")");
  }
}
