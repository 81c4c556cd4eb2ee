package dev.winnow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the best of a wave: by score, never two near-copies, never a near-copy of a keeper. */
class BestOfTest {
  private static final long A = 0x0123_4567_89AB_CDEFL;
  private static final long B = ~A; // 64 bits from A
  private static final long C = 0x00FF_00FF_00FF_00FFL;

  @Test
  void takesTheHighestScoresWhenAllAreApart() {
    List<Candidate> scored = List.of(c(1, 0.6, A), c(2, 0.9, B), c(3, 0.7, C));
    BestOf.Choice choice = BestOf.choose(scored, List.of(), 2, 18);
    assertThat(choice.chosen()).extracting(Candidate::id).containsExactly(2L, 3L);
    assertThat(choice.passedOver().get(scored.get(0)).why()).contains("not among the best 2 of 3");
  }

  @Test
  void aNearCopyOfABetterDraftIsPassedOverForTheNextApart() {
    long nearB = B ^ 0b1011L; // 3 bits from B
    List<Candidate> scored = List.of(c(1, 0.95, B), c(2, 0.9, nearB), c(3, 0.6, A));
    BestOf.Choice choice = BestOf.choose(scored, List.of(), 2, 18);
    assertThat(choice.chosen()).extracting(Candidate::id).containsExactly(1L, 3L);
    assertThat(choice.passedOver().get(scored.get(1)).why()).contains("too close to c1").contains("3 of 64");
    assertThat(choice.passedOver().get(scored.get(1)).near().id()).isEqualTo(1L);
  }

  @Test
  void aNearCopyOfAKeeperChosenEarlierIsNotChosenAgain() {
    Candidate keeper = c(9, 0.8, A);
    List<Candidate> scored = List.of(c(1, 0.99, A ^ 1L), c(2, 0.5, B));
    BestOf.Choice choice = BestOf.choose(scored, List.of(keeper), 1, 18);
    assertThat(choice.chosen()).extracting(Candidate::id).containsExactly(2L);
  }

  @Test
  void equalScoresGoToTheEarlierDraft() {
    List<Candidate> scored = List.of(c(5, 0.7, A), c(2, 0.7, B));
    assertThat(BestOf.choose(scored, List.of(), 1, 18).chosen()).extracting(Candidate::id).containsExactly(2L);
  }

  private static Candidate c(long id, double score, long phash) {
    Instructions in = new Instructions("p", id, AspectRatio.parse("1:1").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
    return new Candidate(id, "b", 0, (int) id, in, CandidateState.SCORED, List.of(), null, null, 1024, 1024, 100.0, 30.0, 1.0, phash,
        null, null, null, null, null, score);
  }
}
