package dev.winnow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The cap is never crossed, however many dispatchers reserve and settle at once. */
class BudgetCapTest {

  @RepeatedTest(50)
  void thirtyTwoDispatchersNeverCrossTheCap(org.junit.jupiter.api.RepetitionInfo rep) throws Exception {
    Random seeds = new Random(rep.getCurrentRepetition());
    long cap = 1_000_000 + seeds.nextInt(5_000_000);
    Spend spend = Spends.forBudget(Optional.of(dev.winnow.cost.Usd.usd(cap)), 0, ProgressListener.SILENT);
    AtomicLong paid = new AtomicLong();
    AtomicBoolean crossed = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      Random r = new Random(seeds.nextLong());
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 400; i++) {
          long price = 20_000 + r.nextInt(200_000);
          Optional<Spend.Hold> hold = spend.reserve(price);
          if (hold.isEmpty()) continue;
          // a billed outcome costs the price; a blocked or failed one costs nothing and releases it
          long actual = r.nextDouble() < 0.7 ? price : 0;
          if (paid.addAndGet(actual) > cap) crossed.set(true);
          spend.settle(hold.get(), actual);
        }
      });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(crossed).isFalse();
    assertThat(spend.spentMicros()).isEqualTo(paid.get()).isLessThanOrEqualTo(cap);
    // the cap was actually reached: a dispatcher was refused because the next call would not fit
    assertThat(spend.canAfford(220_000)).isFalse();
  }

  @Test
  void warnsOnceAtEightyPercent() {
    List<String> notices = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void update(Snapshot s) {}

      @Override
      public void notice(String line) {
        notices.add(line);
      }
    };
    Spend spend = Spends.forBudget(Optional.of(new java.math.BigDecimal("1.00")), 0, listener);
    for (int i = 0; i < 10; i++) spend.reserve(100_000).ifPresent(h -> spend.settle(h, 100_000));
    assertThat(notices).hasSize(1).first().asString().contains("80% of $1.00");
    assertThat(spend.reserve(1)).isEmpty();
  }

  @Test
  void resumedBatchCountsWhatWasAlreadySpent() {
    Spend spend = Spends.forBudget(Optional.of(new java.math.BigDecimal("0.50")), 400_000, ProgressListener.SILENT);
    assertThat(spend.reserve(150_000)).isEmpty();
    assertThat(spend.reserve(100_000)).isPresent();
  }
}
