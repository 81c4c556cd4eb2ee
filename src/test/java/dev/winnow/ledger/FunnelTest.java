package dev.winnow.ledger;

import static dev.winnow.ledger.CandidateState.ACCEPTED;
import static dev.winnow.ledger.CandidateState.AWAITING_REVIEW;
import static dev.winnow.ledger.CandidateState.DELIVERED;
import static dev.winnow.ledger.CandidateState.DRAFTED;
import static dev.winnow.ledger.CandidateState.FAILED;
import static dev.winnow.ledger.CandidateState.IN_REVIEW;
import static dev.winnow.ledger.CandidateState.REJECTED;
import static dev.winnow.ledger.CandidateState.RENDERED;
import static dev.winnow.ledger.CandidateState.SCREENED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ledger#funnel} on candidates written by hand, one or more in every state. */
class FunnelTest {
  private static final String LAKE = "a lake at noon";
  private static final String HILL = "a hill in fog";

  @TempDir Path dir;
  private Ledger l;
  private int ordinal;

  @BeforeEach
  void writeTheBatch() {
    l = TestLedgers.open(dir.resolve("w.db"));
    l.createBatch("b1", "local", "{}", 4, dir.toString());
    l.createBatch("b2", "local", "{}", 1, dir.toString());
    // b1, prompt 0 (LAKE): one or more in every state
    candidate("b1", 0, LAKE, List.of());
    candidate("b1", 0, LAKE, List.of());
    candidate("b1", 0, LAKE, List.of(), DRAFTED);
    candidate("b1", 0, LAKE, List.of("too_dark", "blurry"), DRAFTED, SCREENED_OUT);
    candidate("b1", 0, LAKE, List.of("blocked"), SCREENED_OUT);
    candidate("b1", 0, LAKE, List.of(FailReason.DRAFT_FAILED.code()), FAILED);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, REJECTED);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, IN_REVIEW);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, ACCEPTED);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, ACCEPTED, RENDERED);
    candidate("b1", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, ACCEPTED, RENDERED, DELIVERED);
    candidate("b1", 0, LAKE, List.of(FailReason.FINAL_BLOCKED.code()), DRAFTED, AWAITING_REVIEW, ACCEPTED, FAILED);
    candidate("b1", 0, LAKE, List.of(FailReason.FINAL_FAILED.code()), DRAFTED, AWAITING_REVIEW, IN_REVIEW, ACCEPTED, FAILED);
    // b1, prompt 1 (HILL): listed after LAKE though it sorts first
    candidate("b1", 1, HILL, List.of("drift_flagged"), DRAFTED, AWAITING_REVIEW, ACCEPTED, RENDERED, DELIVERED);
    candidate("b1", 1, HILL, List.of("flat"), DRAFTED, SCREENED_OUT);
    // b2: another batch with the same prompt, which b1's funnel must leave out
    candidate("b2", 0, LAKE, List.of(FailReason.FINAL_FAILED.code()), DRAFTED, AWAITING_REVIEW, ACCEPTED, FAILED);
    candidate("b2", 0, LAKE, List.of(), DRAFTED, AWAITING_REVIEW, REJECTED);
  }

  @AfterEach
  void close() {
    l.close();
  }

  @Test
  void countsEveryCandidateOnceAndFailedFinalsAsAccepted() {
    Funnel f = l.funnel("b1");
    assertThat(f).isEqualTo(new Funnel(
        2, 15, 3, Map.of("too_dark", 1, "blurry", 1, "blocked", 1, "flat", 1), 1, 1, 6, 3, 1, 2, 2, 2,
        Map.of("draft_failed", 1, "final_blocked", 1, "final_failed", 1)));
    // the funnel's two sums, which its constructor also enforces
    assertThat(f.drafted()).isEqualTo(f.screenedOut() + f.draftFailed() + f.rejected() + f.accepted() + f.awaitingReview() + f.inReview());
    assertThat(f.accepted()).isEqualTo(f.delivered() + f.finalPending() + f.finalFailed());
    assertThat(f.decided()).isEqualTo(10);
    assertThat(f.waiting()).isEqualTo(4);
  }

  @Test
  void screenReasonsCountUnderEachCheckADraftFailed() {
    Funnel f = l.funnel("b1");
    assertThat(f.screenedByReason().values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(f.screenedOut());
    assertThat(f.screenedByReason()).containsEntry("too_dark", 1).containsEntry("blurry", 1);
  }

  @Test
  void oneCandidateAtATimeAgreesWithTheQuery() {
    List<Candidate> all = l.candidates("b1");
    assertThat(all.stream().filter(Funnel::countsAsAccepted).count()).isEqualTo(l.funnel("b1").accepted());
    assertThat(all).filteredOn(c -> c.state() == FAILED).filteredOn(Funnel::countsAsAccepted)
        .extracting(c -> c.reasons().get(0)).containsExactlyInAnyOrder("final_blocked", "final_failed");
  }

  @Test
  void splitsByPromptInTheJobsOrderAndTheSplitsAddUpToTheBatch() {
    Map<String, Funnel> byPrompt = l.funnelsByPrompt("b1");
    assertThat(byPrompt.keySet()).containsExactly(LAKE, HILL);
    Funnel lake = byPrompt.get(LAKE), hill = byPrompt.get(HILL), all = l.funnel("b1");
    assertThat(hill.drafted()).isEqualTo(2);
    assertThat(hill.delivered()).isEqualTo(1);
    assertThat(lake.drafted() + hill.drafted()).isEqualTo(all.drafted());
    assertThat(lake.accepted() + hill.accepted()).isEqualTo(all.accepted());
    assertThat(lake.finalFailed()).isEqualTo(all.finalFailed());
  }

  @Test
  void acceptanceByPromptCountsAcceptedAndDecidedAsTheFunnelDoes() {
    Funnel hill = l.funnelsByPrompt("b1").get(HILL);
    Funnel lakeB1 = l.funnelsByPrompt("b1").get(LAKE), lakeB2 = l.funnelsByPrompt("b2").get(LAKE);
    Map<String, Ledger.PromptRecord> stats = new HashMap<>();
    l.acceptanceByPrompt().forEach(r -> stats.put(r.prompt(), r));
    assertThat(stats.get(HILL)).isEqualTo(new Ledger.PromptRecord(HILL, 1, hill.decided(), hill.accepted()));
    assertThat(stats.get(LAKE)).isEqualTo(new Ledger.PromptRecord(LAKE, 2, lakeB1.decided() + lakeB2.decided(), lakeB1.accepted() + lakeB2.accepted()));
    assertThat(lakeB2.accepted()).as("b2's failed final").isEqualTo(1);
  }

  @Test
  void aBatchWithNoCandidatesIsAllZeros() {
    l.createBatch("empty", "local", "{}", 1, dir.toString());
    assertThat(l.funnel("empty")).isEqualTo(new Funnel(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, Map.of()));
    assertThat(l.funnel("empty").acceptance()).isZero();
    assertThat(l.funnelsByPrompt("empty")).isEmpty();
  }

  @Test
  void everyStateLandsInExactlyOneCount() {
    for (CandidateState s : CandidateState.values()) {
      boolean accepted = s == ACCEPTED || s == RENDERED || s == DELIVERED;
      Funnel f = Funnel.of(List.of(new Funnel.Tally(s, List.of(), accepted, 1)));
      int[] counts = {f.planned(), f.screenedOut(), f.draftFailed(), f.rejected(), f.awaitingReview(), f.inReview(), f.finalPending(), f.delivered(), f.finalFailed()};
      assertThat(Arrays.stream(counts).sum()).as(s.name()).isEqualTo(1);
    }
  }

  @Test
  void refusesCountsThatDoNotAddUp() {
    assertThatThrownBy(() -> new Funnel(0, 3, 1, Map.of(), 0, 0, 1, 0, 0, 0, 1, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drafted (3) must equal").hasMessageContaining("(2)");
    assertThatThrownBy(() -> new Funnel(0, 2, 0, Map.of(), 0, 0, 2, 0, 0, 0, 1, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accepted (2) must equal delivered + finalPending + finalFailed (1)");
  }

  @Test
  void refusesAQueryWhoseAnswerOnAcceptanceDiffersFromTheRule() {
    assertThatThrownBy(() -> Funnel.of(List.of(new Funnel.Tally(FAILED, List.of("draft_failed"), true, 1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("disagree");
  }

  /** Plans a candidate and walks it through {@code path}; the last move writes {@code reasons}. */
  private void candidate(String batch, int prompt, String text, List<String> reasons, CandidateState... path) {
    Instructions in = new Instructions(text, ordinal, new AspectRatio(16, 9), ImageSize.K1, ImageSize.K2, "draft-m", "final-m");
    long id = l.plan(batch, prompt, ordinal++, in);
    CandidateState at = CandidateState.PLANNED;
    for (int i = 0; i < path.length; i++) {
      Change change = i == path.length - 1 && !reasons.isEmpty() ? Change.none().withReasons(reasons) : Change.none();
      l.transition(id, at, path[i], change);
      at = path[i];
    }
  }
}
