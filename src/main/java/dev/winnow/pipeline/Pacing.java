package dev.winnow.pipeline;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many calls to keep in flight per model so its quota stays busy at any latency: by Little's law, rpm × latency
 * / 60, with a margin so a call is always waiting for the next slot. The latency is the one observed (a moving
 * average); bounded by the memory an image in flight costs and by {@code --concurrency} when the user gave one.
 */
final class Pacing {
  /** Latency assumed before the first answer: a Nano Banana call's typical 15-40 s, at its low end. */
  static final long FIRST_GUESS_MS = 15_000;
  /** Calls in flight beyond Little's law, so jitter in latency never leaves the quota idle. */
  static final double MARGIN = 1.25;

  private final Quota quota;
  private final OptionalInt cap;
  private final long memoryBudgetBytes;
  private final Map<String, Double> latencyMs = new ConcurrentHashMap<>();

  Pacing(Quota quota, OptionalInt cap, long memoryBudgetBytes) {
    this.quota = quota;
    this.cap = cap;
    this.memoryBudgetBytes = memoryBudgetBytes;
  }

  /** Half the heap: the other half is the screen's, the store's and the ledger's. */
  static long defaultMemoryBudget() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  void observe(String model, long ms) {
    latencyMs.merge(model, (double) ms, (old, now) -> old * 0.8 + now * 0.2);
  }

  /** Seeds the estimate from the ledger (a resumed batch, or other processes' calls) before this process has any. */
  void seed(String model, double ms) {
    latencyMs.putIfAbsent(model, ms);
  }

  double latencyMs(String model) {
    return latencyMs.getOrDefault(model, (double) FIRST_GUESS_MS);
  }

  /** Calls to keep in flight to {@code model}, each holding about {@code bytesPerCall} of memory. */
  int target(String model, long bytesPerCall) {
    double little = quota.rpm(model) * latencyMs(model) / 60_000.0;
    long wanted = (long) Math.ceil(little * MARGIN) + 1;
    long byMemory = Math.max(1, memoryBudgetBytes / Math.max(1, bytesPerCall));
    long n = Math.min(wanted, byMemory);
    if (cap.isPresent()) n = Math.min(n, cap.getAsInt());
    return (int) Math.max(1, Math.min(n, 10_000));
  }
}
