package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HumanReviewerTest {
  @TempDir Path dir;
  Ledger ledger;

  @BeforeEach
  void ledger() {
    ledger = Ledger.open(dir.resolve("w.db"));
    ledger.createBatch("b", "local", "{}", 2, dir.toString());
  }

  Candidate awaiting(int ordinal) {
    Instructions in = new Instructions("a lake", ordinal, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
    long id = ledger.plan("b", 0, ordinal, in);
    ledger.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/x.png", "image/png"));
    ledger.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
    return ledger.candidate(id);
  }

  HumanReviewer reviewer(Duration window) {
    return new HumanReviewer(ledger, "b", new HumanReviewer.Settings(4, window), Clock.systemUTC());
  }

  @Test
  void aPickIsInTheLedgerBeforeDecideReturnsAndReachesThePipelineOnlyAfterTheUndoWindow() throws Exception {
    try (HumanReviewer r = reviewer(Duration.ofMillis(400))) {
      Candidate c = awaiting(0);
      CompletableFuture<Verdict> verdict = r.review(c, new byte[0]);
      r.decide(c.id(), Pick.ACCEPT, 4, "ana");
      List<Review> log = ledger.reviews("b");
      assertThat(log).singleElement().satisfies(row -> {
        assertThat(row.verdict()).isEqualTo("accept");
        assertThat(row.rating()).isEqualTo(4);
        assertThat(row.reviewer()).isEqualTo("human:ana");
      });
      assertThat(verdict).isNotDone();
      Verdict v = verdict.get(5, TimeUnit.SECONDS);
      assertThat(v.accepted()).isTrue();
      assertThat(v.rating()).isEqualTo(4);
      assertThat(r.queue()).isEmpty();
    }
  }

  @Test
  void undoInsideTheWindowWithdrawsTheLatestPickAndTheCandidateWaitsAgain() throws Exception {
    try (HumanReviewer r = reviewer(Duration.ofSeconds(30))) {
      Candidate first = awaiting(0), second = awaiting(1);
      CompletableFuture<Verdict> f1 = r.review(first, new byte[0]);
      CompletableFuture<Verdict> f2 = r.review(second, new byte[0]);
      r.decide(first.id(), Pick.ACCEPT, null, null);
      r.decide(second.id(), Pick.REJECT, null, null);
      assertThat(r.undo(null)).hasValue(second.id());
      assertThat(r.queue()).extracting(w -> w.held().isPresent()).containsExactly(true, false);
      assertThat(ledger.reviews("b")).extracting(Review::verdict).containsExactly("accept", "reject", "undo");
      assertThat(Decision.fold(ledger.reviews("b")).get(second.id()).pick()).isEmpty();
      assertThat(r.undo(null)).hasValue(first.id());
      assertThat(r.undo(null)).isEmpty();
      assertThat(f1).isNotDone();
      assertThat(f2).isNotDone();
    }
  }

  @Test
  void aPickRecordedBeforeAStopIsHonouredWhenTheCandidateIsOfferedAgain() throws Exception {
    Candidate c = awaiting(0);
    try (HumanReviewer before = reviewer(Duration.ofSeconds(30))) {
      before.review(c, new byte[0]);
      before.decide(c.id(), Pick.REJECT, 2, "bo");
    } // the process dies inside the undo window: the pipeline never heard of the pick
    assertThat(ledger.candidate(c.id()).state()).isEqualTo(CandidateState.AWAITING_REVIEW);
    try (HumanReviewer after = reviewer(Duration.ofSeconds(30))) {
      Verdict v = after.review(c, new byte[0]).get(1, TimeUnit.SECONDS);
      assertThat(v.accepted()).isFalse();
      assertThat(v.rating()).isEqualTo(2);
      assertThat(v.reviewer()).isEqualTo("human:bo");
      assertThat(after.queue()).isEmpty();
    }
  }

  @Test
  void anUndonePickIsNotHonouredLater() {
    Candidate c = awaiting(0);
    try (HumanReviewer r = reviewer(Duration.ofSeconds(30))) {
      r.review(c, new byte[0]);
      r.decide(c.id(), Pick.ACCEPT, null, null);
      r.undo(null);
    }
    try (HumanReviewer r = reviewer(Duration.ofSeconds(30))) {
      assertThat(r.review(c, new byte[0])).isNotDone();
    }
  }

  @Test
  void picksHeldInTheUndoWindowDoNotTakeBufferRoom() {
    try (HumanReviewer r = reviewer(Duration.ofSeconds(30))) {
      Candidate c = awaiting(0);
      r.review(c, new byte[0]);
      assertThat(r.maxPending()).isEqualTo(4);
      r.decide(c.id(), Pick.ACCEPT, null, null);
      assertThat(r.maxPending()).isEqualTo(5);
    }
  }

  @Test
  void aCandidateNotWaitingCannotBePicked() {
    try (HumanReviewer r = reviewer(Duration.ZERO)) {
      Candidate c = awaiting(0);
      assertThatThrownBy(() -> r.decide(c.id(), Pick.ACCEPT, null, null)).isInstanceOf(HumanReviewer.NotWaiting.class);
      r.review(c, new byte[0]);
      r.decide(c.id(), Pick.ACCEPT, null, null); // zero window: handed over at once
      assertThatThrownBy(() -> r.decide(c.id(), Pick.REJECT, null, null)).isInstanceOf(HumanReviewer.NotWaiting.class);
    }
  }

  @Test
  void ratingsAreLoggedWithoutChangingThePick() {
    try (HumanReviewer r = reviewer(Duration.ofSeconds(30))) {
      Candidate c = awaiting(0);
      r.review(c, new byte[0]);
      r.decide(c.id(), Pick.ACCEPT, null, null);
      r.rate(c.id(), 5, null);
      Decision d = Decision.fold(ledger.reviews("b")).get(c.id());
      assertThat(d.pick()).contains(Pick.ACCEPT);
      assertThat(d.rating()).isEqualTo(5);
      assertThatThrownBy(() -> r.rate(c.id(), 6, null)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void twoReviewersShareTheWaitingCandidatesAndALateOneGetsAFairShare() {
    try (HumanReviewer r = reviewer(Duration.ZERO)) {
      List<Candidate> waiting = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Candidate c = awaiting(i);
        waiting.add(c);
        r.review(c, new byte[0]);
      }
      // Ann is alone: all four are hers.
      assertThat(r.queueFor("ann")).hasSize(4);
      // Bob arrives: he takes the newest two of Ann's undecided ones (the buffer of 4 split two ways).
      List<Long> bobs = r.queueFor("bob").stream().map(w -> w.candidate().id()).toList();
      assertThat(bobs).containsExactly(waiting.get(2).id(), waiting.get(3).id());
      List<Long> anns = r.queueFor("ann").stream().map(w -> w.candidate().id()).toList();
      assertThat(anns).containsExactly(waiting.get(0).id(), waiting.get(1).id());
      // Ann's stale page picks one of Bob's: refused, and nothing is written.
      assertThatThrownBy(() -> r.decide(bobs.get(0), Pick.ACCEPT, null, "ann", "ann")).isInstanceOf(HumanReviewer.NotWaiting.class)
          .hasMessageContaining("offered to another reviewer");
      assertThat(ledger.reviews("b")).isEmpty();
      r.decide(bobs.get(0), Pick.REJECT, null, "bob", "bob");
      assertThat(ledger.reviews("b")).singleElement().satisfies(row -> assertThat(row.reviewer()).isEqualTo("human:bob"));
    }
  }
}
