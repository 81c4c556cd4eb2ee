package dev.winnow.generate.gemini;

import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.ImageConfig;
import com.google.genai.types.Part;
import com.google.genai.types.ServiceTier;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.Instructions;
import java.util.List;

/**
 * Turns a {@link GenerationRequest} into what {@code generateContent} takes: the model id, the user turn (the prompt,
 * and for a promotion by reference the accepted draft before it) and a generation config asking for an image only,
 * at the instructions' aspect, size and seed.
 */
final class GeminiRequests {

  /**
   * Said with the draft when it is sent back for its final. Gemini's image guide advises the image part first, then
   * the text that says what to do with it.
   */
  static final String RERENDER =
      "Re-render the attached image at full quality and resolution. Keep the same composition, subject, framing, "
          + "colours and aspect ratio; refine detail and sharpness, and do not add, remove or move anything. "
          + "The image was made from this prompt: ";

  /** Ratios the API names; AspectRatio keeps lowest terms, so 21:9 arrives here as 7:3 and must be sent as 21:9. */
  private static final List<String> API_ASPECTS =
      List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "1:4", "4:1", "1:8", "8:1");

  private GeminiRequests() {}

  static String model(GenerationRequest request) {
    return ModelCatalog.canonical(request.model());
  }

  static Content content(GenerationRequest request) {
    String prompt = request.instructions().prompt();
    if (request.reference().isEmpty()) return Content.builder().role("user").parts(Part.fromText(prompt)).build();
    ReferenceImage draft = request.reference().get();
    return Content.builder()
        .role("user")
        .parts(Part.fromBytes(draft.bytes(), draft.mimeType()), Part.fromText(RERENDER + prompt))
        .build();
  }

  static GenerateContentConfig config(GenerationRequest request) {
    Instructions in = request.instructions();
    GenerateContentConfig.Builder config = GenerateContentConfig.builder();
    // Flex is asked for per request; standard is what the API serves when nothing is said.
    if (request.lane() == Lane.FLEX) config.serviceTier(ServiceTier.Known.FLEX);
    request.thinking().ifPresent(level -> config.thinkingConfig(
        com.google.genai.types.ThinkingConfig.builder().thinkingLevel(com.google.genai.types.ThinkingLevel.Known.valueOf(level.toUpperCase(java.util.Locale.ROOT))).build()));
    return config
        .responseModalities("IMAGE")
        .seed(apiSeed(in.seed()))
        .imageConfig(
            ImageConfig.builder()
                .aspectRatio(apiAspect(in.aspect()))
                .imageSize(in.sizeFor(request.tier()).label())
                .build())
        .build();
  }

  /** The API's seed is an int32; seeds in range go as they are, larger ones fold into [0, 2^31). */
  static int apiSeed(long seed) {
    if (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE) return (int) seed;
    return (int) Math.floorMod(seed, 1L << 31);
  }

  static String apiAspect(AspectRatio aspect) {
    for (String name : API_ASPECTS) {
      if (AspectRatio.parse(name).orElseThrow().equals(aspect)) return name;
    }
    return aspect.toString();
  }
}
