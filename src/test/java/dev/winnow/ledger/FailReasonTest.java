package dev.winnow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.screen.RejectReason;
import org.junit.jupiter.api.Test;

class FailReasonTest {
  @Test
  void readsBackEveryCodeItWrites() {
    for (FailReason r : FailReason.values()) assertThat(FailReason.parse(r.code())).contains(r);
  }

  @Test
  void onlyAFinalsFailureComesAfterAcceptance() {
    assertThat(FailReason.values()).filteredOn(FailReason::afterAcceptance).containsExactlyInAnyOrder(FailReason.FINAL_FAILED, FailReason.FINAL_BLOCKED);
  }

  @Test
  void isNoneOfTheOtherReasonsACandidateCarries() {
    assertThat(FailReason.parse("blocked")).isEmpty();
    assertThat(FailReason.parse("drift_flagged")).isEmpty();
    assertThat(FailReason.parse("final_")).isEmpty();
    assertThat(FailReason.parse(null)).isEmpty();
    for (RejectReason r : RejectReason.values()) assertThat(FailReason.parse(r.code())).isEmpty();
  }
}
