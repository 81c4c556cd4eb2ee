package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {
  @Test
  void accuracyAndKappaOnAHandComputedTable() {
    // Both yes 4, judge yes and person no 2, judge no and person yes 1, both no 3.
    // Observed 7/10; chance 0.6 * 0.5 + 0.4 * 0.5 = 0.5; kappa (0.7 - 0.5) / (1 - 0.5) = 0.4.
    List<Boolean> judge = List.of(true, true, true, true, true, true, false, false, false, false);
    List<Boolean> person = List.of(true, true, true, true, false, false, true, false, false, false);
    Agreement a = Agreement.of(judge, person);
    assertThat(a.count()).isEqualTo(10);
    assertThat(a.agreed()).isEqualTo(7);
    assertThat(a.accuracy()).isCloseTo(0.7, within(1e-12));
    assertThat(a.kappa()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void aJudgeThatAcceptsEverythingEarnsNoKappaForAgreeingWithALenientPerson() {
    List<Boolean> judge = Collections.nCopies(10, true);
    List<Boolean> person = new ArrayList<>(Collections.nCopies(9, true));
    person.add(false);
    Agreement a = Agreement.of(judge, person);
    assertThat(a.accuracy()).isCloseTo(0.9, within(1e-12));
    assertThat(a.kappa()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void kappaIsUndefinedWithNothingToCompareOrOneAnswerThroughout() {
    assertThat(Agreement.of(List.of(), List.of()).kappa()).isNaN();
    assertThat(Agreement.of(List.of(), List.of()).accuracy()).isNaN();
    assertThat(Agreement.of(List.of(true, true), List.of(true, true)).kappa()).isNaN();
    assertThat(Agreement.of(List.of(true, false), List.of(false, true)).kappa()).isCloseTo(-1.0, within(1e-12));
  }
}
