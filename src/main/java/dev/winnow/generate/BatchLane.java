package dev.winnow.generate;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The Batch API lane of a backend: many requests sent as one asynchronous job at half price, answered within 24
 * hours (usually much sooner), or not at all once the job expires after 48. Creating a job is not idempotent, so a
 * job is found again by the display name it was created with.
 */
public interface BatchLane {
  /** One request of a job, under the key its result comes back with (results may arrive in any order). */
  record Item(String key, GenerationRequest request) {}

  /** A job's state as the provider reports it. */
  enum State {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED;

    public boolean ended() {
      return this != PENDING && this != RUNNING;
    }
  }

  /** A job: the provider's name for it and its state, with the provider's message when it failed. */
  record Job(String name, State state, String message) {}

  /** The most one job may carry, in request bytes (inline jobs are smaller; a lane that uploads files takes more). */
  default long maxJobBytes() {
    return 18L << 20;
  }

  /** Creates a job for {@code items} on {@code model}; returns the provider's name for it. */
  String submit(String model, String displayName, List<Item> items);

  /** The job created with this display name, if the provider has one (a create that a stop cut short). */
  Optional<String> find(String displayName);

  Job poll(String name);

  /** Hands every result of a job that SUCCEEDED to {@code sink}, by key, as it reads them. */
  void results(String name, BiConsumer<String, CallOutcome> sink);

  void cancel(String name);
}
