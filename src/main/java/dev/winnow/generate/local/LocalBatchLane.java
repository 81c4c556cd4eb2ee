package dev.winnow.generate.local;

import dev.winnow.generate.BatchLane;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.ImageModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The Batch lane simulated offline: a job is answered as soon as it is polled, each request rendered as a single
 * call would be. Jobs live in this process only; one a stop left behind reads as expired, and its requests go back
 * to the planner (they cost nothing here).
 */
final class LocalBatchLane implements BatchLane {
  private final ImageModel model;
  private final Map<String, List<Item>> jobs = new ConcurrentHashMap<>();

  LocalBatchLane(ImageModel model) {
    this.model = model;
  }

  @Override
  public String submit(String modelId, String displayName, List<Item> items) {
    String name = "local-batches/" + displayName;
    jobs.put(name, List.copyOf(items));
    return name;
  }

  @Override
  public Optional<String> find(String displayName) {
    String name = "local-batches/" + displayName;
    return jobs.containsKey(name) ? Optional.of(name) : Optional.empty();
  }

  @Override
  public Job poll(String name) {
    return jobs.containsKey(name)
        ? new Job(name, State.SUCCEEDED, null)
        : new Job(name, State.EXPIRED, "the local backend keeps no jobs across processes");
  }

  @Override
  public void results(String name, BiConsumer<String, CallOutcome> sink) {
    for (Item item : jobs.getOrDefault(name, List.of())) sink.accept(item.key(), model.generate(item.request()));
    jobs.remove(name);
  }

  @Override
  public void cancel(String name) {
    jobs.remove(name);
  }
}
