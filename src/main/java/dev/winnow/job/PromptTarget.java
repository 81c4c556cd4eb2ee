package dev.winnow.job;

import java.util.Objects;

/** One prompt of a batch, the keepers it must deliver, and the screen checks its drafts skip. */
public record PromptTarget(String prompt, int want, ScreenChecks checks) {
  public PromptTarget {
    if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("prompt must not be blank");
    if (want < 1) throw new IllegalArgumentException("want must be at least 1 (got " + want + ")");
    Objects.requireNonNull(checks, "checks");
  }

  /** A prompt whose checks are what its words imply, nothing asked. */
  public PromptTarget(String prompt, int want) {
    this(prompt, want, ScreenChecks.implied(Objects.requireNonNull(prompt, "prompt")));
  }
}
