package dev.winnow.generate;

import dev.winnow.spec.Instructions;
import dev.winnow.spec.Tier;
import java.util.Objects;
import java.util.Optional;

/**
 * One call: the candidate's instructions, the tier to render at, for a final promoted by reference the accepted
 * draft's image, sent back to the model with the prompt, and the lane it is served on.
 */
public record GenerationRequest(Instructions instructions, Tier tier, Optional<ReferenceImage> reference, Lane lane, Optional<String> thinking) {

  public GenerationRequest {
    Objects.requireNonNull(instructions, "instructions");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(thinking, "thinking");
  }

  /** A request with the API's default thinking. */
  public GenerationRequest(Instructions instructions, Tier tier, Optional<ReferenceImage> reference, Lane lane) {
    this(instructions, tier, reference, lane, Optional.empty());
  }

  /** The same call with a thinking level ({@code --thinking}; thinking tokens are billed as text output). */
  public GenerationRequest thinking(String level) {
    return new GenerationRequest(instructions, tier, reference, lane, Optional.of(level));
  }

  /** A request on the standard lane. */
  public GenerationRequest(Instructions instructions, Tier tier, Optional<ReferenceImage> reference) {
    this(instructions, tier, reference, Lane.STANDARD);
  }

  /** The same call on another lane (the image asked for is the same; the price and the wait are not). */
  public GenerationRequest on(Lane other) {
    return new GenerationRequest(instructions, tier, reference, other, thinking);
  }

  public static GenerationRequest draft(Instructions instructions) {
    return new GenerationRequest(instructions, Tier.DRAFT, Optional.empty());
  }

  public static GenerationRequest fromSeed(Instructions instructions) {
    return new GenerationRequest(instructions, Tier.FINAL, Optional.empty());
  }

  public static GenerationRequest fromReference(Instructions instructions, ReferenceImage draft) {
    return new GenerationRequest(instructions, Tier.FINAL, Optional.of(draft));
  }

  public String model() {
    return instructions.modelFor(tier);
  }
}
