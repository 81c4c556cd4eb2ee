package dev.winnow.ledger;

import dev.winnow.spec.Instructions;
import java.util.List;

/** A candidate as the ledger holds it. Optional facts are null until the step that makes them has run. */
public record Candidate(
    long id,
    String batchId,
    int promptIndex,
    int ordinal,
    Instructions instructions,
    CandidateState state,
    List<String> reasons,
    String draftFile,
    String draftMime,
    Integer width,
    Integer height,
    Double brightness,
    Double contrast,
    Double sharpness,
    Long phash,
    byte[] fingerprint,
    String duplicateOf,
    String renderFile,
    String finalFile,
    Integer drift,
    Double score) {

  public Candidate {
    reasons = List.copyOf(reasons);
  }

  /** A name for this candidate that is unique in the ledger and readable in logs and file names. */
  public String key() {
    return "c" + id;
  }
}
