package dev.winnow.generate;

import dev.winnow.spec.Instructions;
import dev.winnow.spec.Tier;
import java.util.Objects;
import java.util.Optional;

/**
 * One call: the candidate's instructions, the tier to render at, and for a final promoted by reference the accepted
 * draft's image, sent back to the model with the prompt.
 */
public record GenerationRequest(Instructions instructions, Tier tier, Optional<ReferenceImage> reference) {

  public GenerationRequest {
    Objects.requireNonNull(instructions, "instructions");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(reference, "reference");
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
