package dev.winnow.review;

import java.util.List;

/**
 * What a vision judge is asked to look at: named criteria with a question each. The default follows what goes wrong
 * with generated images at volume.
 */
public record Rubric(List<Criterion> criteria) {
  public record Criterion(String name, String question) {}

  public Rubric {
    criteria = List.copyOf(criteria);
    if (criteria.isEmpty()) throw new IllegalArgumentException("a rubric needs at least one criterion");
  }

  public static Rubric standard() {
    return new Rubric(List.of(
        new Criterion("prompt_alignment", "Does the image show what the prompt asks for?"),
        new Criterion("artefacts", "Is it free of generation artefacts: warped anatomy, melted objects, seams, noise?"),
        new Criterion("composition", "Is the subject well framed and the exposure usable?"),
        new Criterion("text_glitches", "Is it free of garbled or unwanted text and watermarks?")));
  }
}
