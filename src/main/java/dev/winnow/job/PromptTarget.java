package dev.winnow.job;

/** One prompt of a batch and the keepers it must deliver. */
public record PromptTarget(String prompt, int want) {
  public PromptTarget {
    if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("prompt must not be blank");
    if (want < 1) throw new IllegalArgumentException("want must be at least 1 (got " + want + ")");
  }
}
