package dev.winnow.pipeline;

import dev.winnow.ledger.Claims;
import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cap is never crossed, however many workers reserve and settle at once: reservations are ledger rows, checked
 * against the cap in the transaction that takes them. Two connections to one file stand for two processes.
 */
class BudgetCapTest {
  @TempDir Path dir;

  @RepeatedTest(10)
  void thirtyTwoWorkersOnTwoConnectionsNeverCrossTheCap(org.junit.jupiter.api.RepetitionInfo rep) throws Exception {
    Random seeds = new Random(rep.getCurrentRepetition());
    long cap = 1_000_000 + seeds.nextInt(5_000_000);
    Path file = dir.resolve("w" + rep.getCurrentRepetition() + ".db");
    try (Ledger a = TestLedgers.open(file); Ledger b = TestLedgers.open(file)) {
      a.createBatch("b", "local", "{}", 1, dir.toString(), cap);
      AtomicLong paid = new AtomicLong();
      AtomicBoolean crossed = new AtomicBoolean();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        Ledger ledger = t % 2 == 0 ? a : b;
        Random r = new Random(seeds.nextLong());
        String owner = "w" + t;
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < 40; i++) {
            long price = 20_000 + r.nextInt(200_000);
            Optional<Long> hold = ledger.claims().reserve("b", null, owner, Long.MAX_VALUE, new Claims.Hold("draft", "draft", "m", "1K", price));
            if (hold.isEmpty()) continue;
            // a billed outcome costs the price; a blocked or failed one costs nothing and releases it
            long actual = r.nextDouble() < 0.7 ? price : 0;
            if (paid.addAndGet(actual) > cap) crossed.set(true);
            ledger.recordCall(call(price, actual), hold.get());
          }
        });
        threads.add(thread);
        thread.start();
      }
      start.countDown();
      for (Thread t : threads) t.join();
      assertThat(crossed).isFalse();
      assertThat(a.spentMicros("b")).isEqualTo(paid.get()).isLessThanOrEqualTo(cap);
      assertThat(a.claims().reservedMicros("b")).isZero();
      // the cap was actually reached: a worker was refused because the next call would not fit
      assertThat(a.claims().budgetRoom("b")).isLessThan(220_000);
    }
  }

  @Test
  void aResumedBatchCountsWhatWasAlreadySpent() {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      ledger.createBatch("b", "local", "{}", 1, dir.toString(), 500_000L);
      ledger.recordCall(call(400_000, 400_000), null);
      Claims.Hold big = new Claims.Hold("draft", "draft", "m", "1K", 150_000);
      Claims.Hold small = new Claims.Hold("draft", "draft", "m", "1K", 100_000);
      assertThat(ledger.claims().reserve("b", null, "w", Long.MAX_VALUE, big)).isEmpty();
      assertThat(ledger.claims().reserve("b", null, "w", Long.MAX_VALUE, small)).isPresent();
      assertThat(ledger.claims().reserve("b", null, "w", Long.MAX_VALUE, new Claims.Hold("draft", "draft", "m", "1K", 1))).isEmpty();
    }
  }

  @Test
  void aDeadWorkersReservationIsCountedAsALostCallAtItsListPrice() {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      ledger.createBatch("b", "local", "{}", 1, dir.toString(), 1_000_000L);
      ledger.claims().reserve("b", null, "gone", Long.MAX_VALUE, new Claims.Hold("draft", "draft", "m", "1K", 300_000)).orElseThrow();
      ledger.claims().reserve("b", null, "alive", Long.MAX_VALUE, new Claims.Hold("draft", "draft", "m", "1K", 200_000)).orElseThrow();
      ledger.claims().reclaim("b", java.util.Set.of("gone"), System.currentTimeMillis());
      assertThat(ledger.calls("b")).singleElement().satisfies(c -> {
        assertThat(c.outcome()).isEqualTo(Claims.LOST);
        assertThat(c.costMicros()).isEqualTo(300_000);
      });
      assertThat(ledger.claims().reservedMicros("b")).isEqualTo(200_000);
      assertThat(ledger.claims().budgetRoom("b")).isEqualTo(500_000);
    }
  }

  private static CallRecord call(long price, long cost) {
    return new CallRecord("b", null, "draft", "draft", "m", "1K", 1, cost > 0 ? "image" : "blocked", 200, price, cost, 0, 1, Instant.now(), null);
  }
}
