package dev.winnow.spec;

import java.util.Objects;

/**
 * Everything needed to make one candidate again: recorded before any call, shared by its draft and its final.
 * This link is the point of the two-tier design: the final is rendered from exactly these instructions.
 */
public record Instructions(
    String prompt,
    long seed,
    AspectRatio aspect,
    ImageSize draftSize,
    ImageSize finalSize,
    String draftModel,
    String finalModel) {

  public Instructions {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(aspect, "aspect");
    Objects.requireNonNull(draftSize, "draftSize");
    Objects.requireNonNull(finalSize, "finalSize");
    Objects.requireNonNull(draftModel, "draftModel");
    Objects.requireNonNull(finalModel, "finalModel");
    if (prompt.isBlank()) throw new IllegalArgumentException("prompt must not be blank");
  }

  public String modelFor(Tier tier) {
    return switch (tier) {
      case DRAFT -> draftModel;
      case FINAL -> finalModel;
    };
  }

  public ImageSize sizeFor(Tier tier) {
    return switch (tier) {
      case DRAFT -> draftSize;
      case FINAL -> finalSize;
    };
  }
}
