package dev.winnow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-model quota is one bucket in the ledger: every process drawing from it together stays under the rpm. */
class SharedQuotaTest {
  @TempDir Path dir;

  @Test
  void slotsTakenThroughTwoConnectionsAreSpacedAsOneQuota() throws Exception {
    Path file = dir.resolve("w.db");
    long now = 1_000_000;
    int rpm = 120;
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    try (Ledger a = TestLedgers.open(file); Ledger b = TestLedgers.open(file)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Ledger l = t % 2 == 0 ? a : b;
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 30; i++) starts.add(l.quota().takeQuotaSlot("m", rpm, 0.01, now));
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread t : threads) t.join();
    }
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    assertThat(sorted).hasSize(240);
    // 120 rpm less 1% headroom: a slot every 505 ms; the first at once.
    assertThat(sorted.get(0)).isEqualTo(now);
    for (int i = 1; i < sorted.size(); i++) assertThat(sorted.get(i) - sorted.get(i - 1)).isBetween(504L, 506L);
    // no rolling minute holds more than the quota
    for (int i = 0; i + rpm < sorted.size(); i++) assertThat(sorted.get(i + rpm) - sorted.get(i)).isGreaterThanOrEqualTo(60_000L);
  }

  @Test
  void aPauseHoldsBackEverySlotNotYetTaken() {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      long now = 5_000;
      assertThat(l.quota().takeQuotaSlot("m", 60, 0, now)).isEqualTo(now);
      l.quota().pauseQuota("m", 60, 0, now, 30_000);
      assertThat(l.quota().takeQuotaSlot("m", 60, 0, now)).isEqualTo(now + 30_000);
      // another model's quota is its own
      assertThat(l.quota().takeQuotaSlot("other", 60, 0, now)).isEqualTo(now);
    }
  }
}
