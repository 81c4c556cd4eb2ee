package dev.winnow.spec;

/** The two price tiers of a batch: cheap drafts that are mostly thrown away, and standard finals that ship. */
public enum Tier {
  DRAFT,
  FINAL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
