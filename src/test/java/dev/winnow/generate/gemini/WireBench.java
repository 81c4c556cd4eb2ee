package dev.winnow.generate.gemini;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput benchmark: N workers make draft calls through {@link GeminiImageModel}, one {@link RateLimiter} for the
 * model and a {@link RetryPolicy}, the way the pipeline's call runner does (acquire, call, on a retryable outcome
 * wait the policy's delay and pause the limiter when the server named one). Reports the requests per minute the
 * server admitted at steady state over its quota, and the 429s.
 *
 * <pre>java -cp … dev.winnow.generate.gemini.WireBench --base http://127.0.0.1:8787 --quota 120 --rpm 120 \
 *     --concurrency 16 --duration 75 --warmup 15</pre>
 */
public final class WireBench {

  record Attempt(long startNanos, long endNanos, String kind, int status) {}

  public static void main(String[] args) throws Exception {
    String base = null;
    String model = "gemini-3.1-flash-lite-image";
    int quota = 120, rpm = 120, concurrency = 16, durationS = 75, warmupS = 15;
    long seed = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--base" -> base = v;
        case "--model" -> model = v;
        case "--quota" -> quota = Integer.parseInt(v);
        case "--rpm" -> rpm = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--duration" -> durationS = Integer.parseInt(v);
        case "--warmup" -> warmupS = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (base == null) throw new IllegalArgumentException("--base URL is required");

    RateLimiter limiter = RateLimiter.perMinute(rpm);
    RetryPolicy retry = RetryPolicy.standard(new Random(seed));
    ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    AtomicLong next = new AtomicLong();
    AtomicLong gaveUp = new AtomicLong();
    long t0 = System.nanoTime();
    long end = t0 + TimeUnit.SECONDS.toNanos(durationS);
    String drafts = model;

    System.out.printf(
        Locale.ROOT,
        "bench: %s at %s, quota %d rpm, limiter %d rpm (RateLimiter.perMinute), %d workers, %d s (steady state from %d s)%n",
        model, base, quota, rpm, concurrency, durationS, warmupS);
    try (GeminiImageModel gemini = GeminiImageModel.open("bench-key-not-a-secret", Optional.of(URI.create(base)))) {
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      for (int w = 0; w < concurrency; w++) {
        pool.submit(
            () -> {
              while (System.nanoTime() < end) {
                long n = next.incrementAndGet();
                Instructions in =
                    new Instructions(
                        "benchmark candidate " + n, n, new AspectRatio(16, 9), ImageSize.K1, ImageSize.K1, drafts, drafts);
                if (!call(gemini, GenerationRequest.draft(in), limiter, retry, attempts, end)) gaveUp.incrementAndGet();
              }
              return null;
            });
      }
      pool.shutdown();
      pool.awaitTermination(durationS + 300L, TimeUnit.SECONDS);
    }
    report(attempts, t0, warmupS, durationS, quota, gaveUp.get(), base);
  }

  /** One logical call with its retries; false when it gave up. Mirrors the pipeline's CallRunner. */
  private static boolean call(
      GeminiImageModel gemini, GenerationRequest request, RateLimiter limiter, RetryPolicy retry,
      ConcurrentLinkedQueue<Attempt> attempts, long end) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      limiter.acquire();
      if (System.nanoTime() >= end) return true; // the run is over; not a failure
      long start = System.nanoTime();
      CallOutcome outcome = gemini.generate(request);
      attempts.add(new Attempt(start, System.nanoTime(), kind(outcome), status(outcome)));
      if (!(outcome instanceof CallOutcome.Retryable r)) return !(outcome instanceof CallOutcome.Fatal);
      Optional<Duration> wait = retry.delayAfter(attempt, r);
      if (wait.isEmpty()) return false;
      if (r.retryAfter().isPresent()) limiter.pause(wait.get());
      TimeUnit.MILLISECONDS.sleep(wait.get().toMillis());
    }
  }

  private static String kind(CallOutcome o) {
    if (o instanceof CallOutcome.Image) return "image";
    if (o instanceof CallOutcome.Blocked) return "blocked";
    if (o instanceof CallOutcome.Retryable) return "retryable";
    return "fatal";
  }

  private static int status(CallOutcome o) {
    if (o instanceof CallOutcome.Retryable r) return r.httpStatus();
    if (o instanceof CallOutcome.Fatal f) return f.httpStatus();
    return 200;
  }

  private static void report(
      ConcurrentLinkedQueue<Attempt> all, long t0, int warmupS, int durationS, int quota, long gaveUp, String base)
      throws Exception {
    long from = t0 + TimeUnit.SECONDS.toNanos(warmupS);
    long to = t0 + TimeUnit.SECONDS.toNanos(durationS);
    long images = 0, blocked = 0, overloaded = 0, limited = 0, other = 0;
    long windowAdmitted = 0, windowLimited = 0;
    List<Long> latencies = new ArrayList<>();
    for (Attempt a : all) {
      switch (a.kind()) {
        case "image" -> images++;
        case "blocked" -> blocked++;
        default -> {
          if (a.status() == 429) limited++;
          else if (a.status() >= 500) overloaded++;
          else other++;
        }
      }
      if (a.status() != 429 && a.kind().equals("image")) latencies.add(a.endNanos() - a.startNanos());
      if (a.startNanos() >= from && a.startNanos() < to) {
        if (a.status() == 429) windowLimited++;
        else windowAdmitted++;
      }
    }
    double minutes = (durationS - warmupS) / 60.0;
    double achieved = windowAdmitted / minutes;
    Collections.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "attempts %d: images %d, blocked %d, 503/5xx %d, 429 %d, other failures %d; logical calls given up %d%n",
        all.size(), images, blocked, overloaded, limited, other, gaveUp);
    if (!latencies.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "image latency p50 %.2f s, p95 %.2f s%n",
          latencies.get(latencies.size() / 2) / 1e9,
          latencies.get((int) (latencies.size() * 0.95)) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "steady state (%d-%d s): %d requests admitted = %.1f requests/min = %.3f of the %d rpm quota; 429s in window %d%n",
        warmupS, durationS, windowAdmitted, achieved, achieved / quota, quota, windowLimited);
    System.out.println("server /stats: " + serverStats(base));
    System.out.printf(
        Locale.ROOT, "RESULT quota=%d achieved_rpm=%.1f ratio=%.3f total_429=%d window_429=%d%n",
        quota, achieved, achieved / quota, limited, windowLimited);
  }

  private static String serverStats(String base) {
    try {
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }
}
