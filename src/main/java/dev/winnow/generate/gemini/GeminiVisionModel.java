package dev.winnow.generate.gemini;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponsePromptFeedback;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.VisionModel;
import dev.winnow.generate.VisionQuery;
import dev.winnow.generate.VisionReply;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Gemini model as a judge: the image and the instruction in one user turn to {@code models/{model}:generateContent}
 * through the official SDK, the answer constrained to JSON by {@code responseMimeType} and {@code responseJsonSchema}
 * (structured output), at temperature 0 and with thinking kept to the least the model allows, since thinking is
 * billed as output. Shares the image backend's connection settings, error classification and key redaction.
 */
public final class GeminiVisionModel implements VisionModel {
  private final Client client;
  private final Redactor redactor;
  private final ErrorClassifier errors;

  private GeminiVisionModel(Client client, GeminiSettings settings) {
    this.client = client;
    this.redactor = new Redactor(settings.apiKey());
    this.errors = new ErrorClassifier(settings.timeout());
  }

  public static GeminiVisionModel create(GeminiSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new GeminiVisionModel(GeminiImageModel.client(settings), settings);
  }

  @Override
  public VisionReply ask(VisionQuery query) {
    Objects.requireNonNull(query, "query");
    VisionReply reply = attempt(query);
    return new VisionReply(redactor.scrub(reply.outcome()), reply.inputTokens(), reply.outputTokens());
  }

  private VisionReply attempt(VisionQuery query) {
    try {
      Content turn = Content.builder().role("user").parts(Part.fromBytes(query.image(), query.mimeType()), Part.fromText(query.instruction())).build();
      return read(client.models.generateContent(query.model(), turn, config(query)));
    } catch (ApiException e) {
      return VisionReply.unmetered(errors.classify(e));
    } catch (GenAiIOException e) {
      return VisionReply.unmetered(errors.transport(e));
    } catch (RuntimeException e) {
      return VisionReply.unmetered(errors.unexpected(e));
    }
  }

  static GenerateContentConfig config(VisionQuery query) {
    return GenerateContentConfig.builder()
        .responseMimeType("application/json")
        .responseJsonSchema(query.jsonSchema())
        .temperature(0f)
        .maxOutputTokens(query.maxOutputTokens())
        .thinkingConfig(leastThinking(query.model()))
        .build();
  }

  /** Gemini 2.5 Flash models turn thinking off with a zero budget; Gemini 3 models take a level, "low" the least. */
  static ThinkingConfig leastThinking(String model) {
    if (model.startsWith("gemini-2.5-flash")) return ThinkingConfig.builder().thinkingBudget(0).build();
    if (model.startsWith("gemini-2.5")) return ThinkingConfig.builder().thinkingBudget(128).build();
    return ThinkingConfig.builder().thinkingLevel("low").build();
  }

  static VisionReply read(GenerateContentResponse response) {
    long in = 0, out = 0;
    Optional<GenerateContentResponseUsageMetadata> usage = response.usageMetadata();
    if (usage.isPresent()) {
      in = usage.get().promptTokenCount().orElse(0);
      out = usage.get().candidatesTokenCount().orElse(0) + usage.get().thoughtsTokenCount().orElse(0);
    }
    Optional<GenerateContentResponsePromptFeedback> feedback = response.promptFeedback();
    List<Candidate> candidates = response.candidates().orElse(List.of());
    if (feedback.flatMap(GenerateContentResponsePromptFeedback::blockReason).isPresent() && candidates.isEmpty()) {
      return new VisionReply(ResponseReader.promptBlocked(feedback.get()), in, out);
    }
    if (candidates.isEmpty()) {
      return new VisionReply(new CallOutcome.Retryable(200, "the answer had no candidates and no prompt feedback", Optional.empty()), in, out);
    }
    Candidate first = candidates.get(0);
    String finish = first.finishReason().map(Object::toString).orElse("");
    List<Part> parts = first.content().flatMap(Content::parts).orElse(List.of());
    Optional<String> text = ResponseReader.text(parts);
    if (finish.equals("MAX_TOKENS")) {
      return new VisionReply(new CallOutcome.Retryable(200, "the answer was cut off at the output token limit", Optional.empty()), in, out);
    }
    if (!finish.isEmpty() && !finish.equals("STOP") && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
      String why = first.finishMessage().or(() -> text).orElse("the model stopped with " + finish);
      return new VisionReply(new CallOutcome.Blocked(finish, ResponseReader.oneLine(why), in + out > 0), in, out);
    }
    if (text.isEmpty()) return new VisionReply(new CallOutcome.Retryable(200, "the answer had no text", Optional.empty()), in, out);
    return new VisionReply(new CallOutcome.Text(text.get()), in, out);
  }

  @Override
  public void close() {
    client.close();
  }
}
