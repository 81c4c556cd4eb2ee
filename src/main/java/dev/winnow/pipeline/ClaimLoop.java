package dev.winnow.pipeline;

import dev.winnow.ledger.Claims;
import dev.winnow.ledger.Ledger;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A stage's dispatcher: keeps as many claimed candidates in flight as {@code target} says (it follows the quota
 * and the latency, not a fixed pool), claiming from the ledger whenever there is room, and runs each on its own
 * thread. Stops claiming when told or when the batch is over; {@link #drain} waits for what is in flight.
 */
final class ClaimLoop {
  /** Claims one round of work: at most {@code max} candidates, each leased to this worker. */
  interface Claimer {
    List<Claims.Claimed> claim(int max);
  }

  /** Works one claimed candidate to its next state. */
  interface Handler {
    void handle(Claims.Claimed claimed) throws InterruptedException;
  }

  private final String name;
  private final BatchContext ctx;
  private final IntSupplier target;
  private final Claimer claimer;
  private final Handler handler;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ExecutorService pool;
  private final Thread loop;
  private volatile boolean stopping;

  ClaimLoop(String name, BatchContext ctx, IntSupplier target, Claimer claimer, Handler handler) {
    this.name = name;
    this.ctx = ctx;
    this.target = target;
    this.claimer = claimer;
    this.handler = handler;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "winnow-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.loop = new Thread(this::run, "winnow-" + name + "-claims");
    this.loop.setDaemon(true);
  }

  ClaimLoop start() {
    loop.start();
    return this;
  }

  int inFlight() {
    return inFlight.get();
  }

  private void run() {
    try {
      while (!stopping && ctx.open()) {
        int room = target.getAsInt() - inFlight.get();
        List<Claims.Claimed> claimed = room <= 0 ? List.of() : claimer.claim(Math.min(room, 32));
        for (Claims.Claimed c : claimed) {
          inFlight.incrementAndGet();
          pool.execute(() -> work(c));
        }
        if (claimed.isEmpty()) ctx.signal().await(room <= 0 ? 20 : 100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ctx.fail(name + " stage failed: " + e.getMessage());
    }
  }

  private void work(Claims.Claimed c) {
    try {
      handler.handle(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ctx.fail(name + " of " + c.candidate().key() + " failed: " + e.getMessage());
    } finally {
      inFlight.decrementAndGet();
      ctx.signal().poke();
    }
  }

  /** Stops claiming. Calls in flight go on: they are paid for, so they land in the ledger and on disk. */
  void stop() {
    stopping = true;
    ctx.signal().poke();
  }

  /** Waits for the calls in flight (up to {@code minutes}), then stops the threads. */
  void drain(long minutes) throws InterruptedException {
    stop();
    loop.join(TimeUnit.SECONDS.toMillis(5));
    pool.shutdown();
    pool.awaitTermination(minutes, TimeUnit.MINUTES);
  }

  /** Interrupts whatever is still running (a second Ctrl-C, or a drain that timed out). */
  void abort() {
    stopping = true;
    loop.interrupt();
    pool.shutdownNow();
  }
}
