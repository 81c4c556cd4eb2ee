package dev.winnow.generate;

/**
 * One image-generation backend. {@link #generate} makes exactly one attempt and never throws for anything the
 * remote side did: every answer, including errors, blocks and timeouts, is a {@link CallOutcome}. It must be safe
 * to call from many threads at once.
 */
public interface ImageModel extends AutoCloseable {

  /** The backend's name as the output shows it: {@code local} or {@code gemini}. */
  String backend();

  /** Whether a call costs real money (false for the local backend, whose prices are simulated). */
  boolean bills();

  CallOutcome generate(GenerationRequest request);

  /**
   * How many calls this backend can usefully run at once in this process, when that is bounded by the machine rather
   * than by a remote quota (the local backend renders on this CPU). Empty for remote backends.
   */
  default java.util.OptionalInt parallelism() {
    return java.util.OptionalInt.empty();
  }

  /** The backend's Batch API lane, when it has one. */
  default java.util.Optional<BatchLane> batchLane() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {}
}
