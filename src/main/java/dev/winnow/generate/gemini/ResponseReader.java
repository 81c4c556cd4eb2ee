package dev.winnow.generate.gemini;

import com.google.genai.types.Blob;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponsePromptFeedback;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.MediaModality;
import com.google.genai.types.ModalityTokenCount;
import com.google.genai.types.Part;
import dev.winnow.generate.CallOutcome;
import java.util.List;
import java.util.Optional;

/**
 * Reads an HTTP 200 answer. Gemini reports refusals inside a 200: a {@code promptFeedback.blockReason} with no
 * candidates, a candidate whose {@code finishReason} is {@code IMAGE_SAFETY}, {@code NO_IMAGE} and the like, or a
 * {@code STOP} with only text. So an image is only an image when an {@code inlineData} image part is there. The
 * SDK's {@code parts()} is not used: it throws on those finish reasons.
 */
final class ResponseReader {
  private static final int MAX_MESSAGE = 300;

  private ResponseReader() {}

  static CallOutcome read(GenerateContentResponse response) {
    Optional<GenerateContentResponsePromptFeedback> feedback = response.promptFeedback();
    List<Candidate> candidates = response.candidates().orElse(List.of());
    if (feedback.flatMap(GenerateContentResponsePromptFeedback::blockReason).isPresent() && candidates.isEmpty()) {
      return promptBlocked(feedback.get());
    }
    if (candidates.isEmpty()) {
      // Neither an answer nor a reason: nothing to keep, and nothing says another try would fare the same.
      return new CallOutcome.Retryable(200, "the answer had no candidates and no prompt feedback", Optional.empty());
    }
    Usage usage = Usage.of(response.usageMetadata());
    Candidate first = candidates.get(0);
    String finish = first.finishReason().map(Object::toString).orElse("");
    List<Part> parts = first.content().flatMap(Content::parts).orElse(List.of());
    if (!finish.isEmpty() && !finish.equals("STOP") && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
      String why = first.finishMessage().or(() -> text(parts)).orElseGet(() -> explain(finish));
      return new CallOutcome.Blocked(finish, oneLine(why), usage.imageBilled());
    }
    Optional<Blob> image = finalImage(parts);
    if (image.isPresent()) return image(image.get(), usage);
    Optional<String> text = text(parts);
    if (text.isPresent()) return new CallOutcome.Blocked("TEXT_ONLY", oneLine(text.get()), usage.imageBilled());
    return new CallOutcome.Blocked("NO_IMAGE_PART", "the model finished without an image", usage.imageBilled());
  }

  /**
   * Words for a finish reason. The API sends a {@code finishMessage} too, but SDK 2.0.0 drops it when converting a
   * Gemini API (not Vertex) candidate, so the reason is all that arrives.
   */
  static String explain(String finishReason) {
    return switch (finishReason) {
      case "IMAGE_SAFETY" -> "the output image was withheld by the safety filter";
      case "IMAGE_PROHIBITED_CONTENT" -> "the output image was withheld as prohibited content";
      case "IMAGE_RECITATION" -> "the output image was withheld as too close to existing work";
      case "IMAGE_OTHER" -> "the model could not produce an image for this prompt";
      case "NO_IMAGE" -> "the model produced no image for this prompt";
      default -> "the model stopped with " + finishReason;
    };
  }

  static CallOutcome promptBlocked(GenerateContentResponsePromptFeedback feedback) {
    String reason = feedback.blockReason().map(Object::toString).orElse("UNSPECIFIED");
    String message = feedback.blockReasonMessage().orElse("the prompt was blocked before generation");
    return new CallOutcome.Blocked("PROMPT_BLOCKED:" + reason, oneLine(message), false);
  }

  private static CallOutcome image(Blob blob, Usage usage) {
    byte[] bytes = blob.data().orElseThrow();
    Optional<ImageHeader> header = ImageHeader.read(bytes);
    if (header.isEmpty()) {
      String declared = blob.mimeType().orElse("no mime type");
      return new CallOutcome.Blocked(
          "UNREADABLE_IMAGE", "the image part (" + declared + ", " + bytes.length + " bytes) could not be read", true);
    }
    ImageHeader h = header.get();
    return new CallOutcome.Image(bytes, h.mimeType(), h.width(), h.height(), usage.imageTokens(), usage.thoughtTokens());
  }

  /**
   * The image to keep. Gemini 3 image models may first return interim "thought" images marked {@code thought: true};
   * the final one is the last image part not so marked. If every image is marked, the last one is taken, as
   * clients have found the final image flagged too.
   */
  static Optional<Blob> finalImage(List<Part> parts) {
    Blob last = null;
    Blob lastFinal = null;
    for (Part part : parts) {
      Optional<Blob> blob = part.inlineData().filter(ResponseReader::isImage);
      if (blob.isEmpty()) continue;
      last = blob.get();
      if (!part.thought().orElse(false)) lastFinal = blob.get();
    }
    return Optional.ofNullable(lastFinal != null ? lastFinal : last);
  }

  private static boolean isImage(Blob blob) {
    boolean hasBytes = blob.data().map(d -> d.length > 0).orElse(false);
    return hasBytes && blob.mimeType().map(m -> m.startsWith("image/")).orElse(true);
  }

  static Optional<String> text(List<Part> parts) {
    StringBuilder all = new StringBuilder();
    for (Part part : parts) {
      if (part.thought().orElse(false)) continue;
      part.text().filter(t -> !t.isBlank()).ifPresent(t -> all.append(all.length() == 0 ? "" : " ").append(t));
    }
    return all.length() == 0 ? Optional.empty() : Optional.of(all.toString());
  }

  static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /**
   * What the answer metered. Image output is what is priced per image, so {@code imageBilled} asks whether image
   * tokens were counted; a text-only refusal meters a few text tokens, which the price table does not price.
   */
  record Usage(long imageTokens, boolean imageBilled, long thoughtTokens) {
    Usage(long imageTokens, boolean imageBilled) {
      this(imageTokens, imageBilled, 0);
    }

    static Usage of(Optional<GenerateContentResponseUsageMetadata> metadata) {
      if (metadata.isEmpty()) return new Usage(0, false);
      GenerateContentResponseUsageMetadata m = metadata.get();
      long thoughts = m.thoughtsTokenCount().orElse(0);
      Usage u = images(m);
      return new Usage(u.imageTokens(), u.imageBilled(), thoughts);
    }

    private static Usage images(GenerateContentResponseUsageMetadata m) {
      List<ModalityTokenCount> details = m.candidatesTokensDetails().orElse(List.of());
      long total = m.candidatesTokenCount().orElse(0);
      if (details.isEmpty()) return new Usage(total, total > 0); // no breakdown: assume it was the image
      long image = 0;
      for (ModalityTokenCount d : details) {
        boolean isImage = d.modality().map(MediaModality::toString).map("IMAGE"::equals).orElse(false);
        if (isImage) image += d.tokenCount().orElse(0);
      }
      return new Usage(image, image > 0);
    }
  }
}
