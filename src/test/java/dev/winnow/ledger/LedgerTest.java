package dev.winnow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  private static final Instructions IN =
      new Instructions("a lake", 7, new AspectRatio(16, 9), ImageSize.K1, ImageSize.K2, "draft-m", "final-m");

  @Test
  void recordsInstructionsBeforeAnyCallAndReadsThemBack(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 3, dir.toString());
      long id = l.plan("b1", 0, 0, IN);
      Candidate c = l.candidate(id);
      assertThat(c.state()).isEqualTo(CandidateState.PLANNED);
      assertThat(c.instructions()).isEqualTo(IN);
    }
  }

  @Test
  void walksTheHappyPathAndKeepsEveryTransition(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 1, dir.toString());
      long id = l.plan("b1", 0, 0, IN);
      l.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/c1.png", "image/png"));
      l.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none().withMetrics(new Change.Metrics(1360, 768, 120, 40, 300, -5L)));
      l.transition(id, CandidateState.AWAITING_REVIEW, CandidateState.ACCEPTED, Change.none());
      l.transition(id, CandidateState.ACCEPTED, CandidateState.RENDERED, Change.none().withRender("renders/c1.png"));
      l.transition(id, CandidateState.RENDERED, CandidateState.DELIVERED, Change.none().withFinal("finals/x.png", 3));
      Candidate c = l.candidate(id);
      assertThat(c.draftFile()).isEqualTo("drafts/c1.png");
      assertThat(c.phash()).isEqualTo(-5L);
      assertThat(c.drift()).isEqualTo(3);
      assertThat(l.history(id)).containsExactly("null>PLANNED", "PLANNED>DRAFTED", "DRAFTED>AWAITING_REVIEW",
          "AWAITING_REVIEW>ACCEPTED", "ACCEPTED>RENDERED", "RENDERED>DELIVERED");
    }
  }

  @Test
  void refusesAMoveTheStateMachineForbids(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 1, dir.toString());
      long id = l.plan("b1", 0, 0, IN);
      assertThatThrownBy(() -> l.transition(id, CandidateState.PLANNED, CandidateState.DELIVERED, Change.none()))
          .isInstanceOf(IllegalTransitionException.class);
      assertThat(l.candidate(id).state()).isEqualTo(CandidateState.PLANNED);
    }
  }

  @Test
  void refusesAMoveFromAStateTheCandidateIsNoLongerIn(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 1, dir.toString());
      long id = l.plan("b1", 0, 0, IN);
      l.transition(id, CandidateState.PLANNED, CandidateState.SCREENED_OUT, Change.none().withReasons(List.of("blocked")));
      assertThatThrownBy(() -> l.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none()))
          .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("it is SCREENED_OUT");
      assertThat(l.history(id)).hasSize(2);
    }
  }

  @Test
  void aDraftOfferedToAReviewerIsDecidedOrHandedBackToTheQueue(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 1, dir.toString());
      long id = l.plan("b1", 0, 0, IN);
      l.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/c1.png", "image/png"));
      assertThatThrownBy(() -> l.transition(id, CandidateState.DRAFTED, CandidateState.IN_REVIEW, Change.none()))
          .isInstanceOf(IllegalTransitionException.class);
      l.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
      l.transition(id, CandidateState.AWAITING_REVIEW, CandidateState.IN_REVIEW, Change.none());
      l.transition(id, CandidateState.IN_REVIEW, CandidateState.AWAITING_REVIEW, Change.none().withNote("reviewer left"));
      l.transition(id, CandidateState.AWAITING_REVIEW, CandidateState.IN_REVIEW, Change.none());
      assertThatThrownBy(() -> l.transition(id, CandidateState.IN_REVIEW, CandidateState.RENDERED, Change.none()))
          .isInstanceOf(IllegalTransitionException.class);
      l.transition(id, CandidateState.IN_REVIEW, CandidateState.REJECTED, Change.none());
      assertThat(l.history(id)).containsExactly("null>PLANNED", "PLANNED>DRAFTED", "DRAFTED>AWAITING_REVIEW", "AWAITING_REVIEW>IN_REVIEW",
          "IN_REVIEW>AWAITING_REVIEW", "AWAITING_REVIEW>IN_REVIEW", "IN_REVIEW>REJECTED");
    }
  }

  @Test
  void terminalStatesGoNowhere() {
    for (CandidateState t : List.of(CandidateState.SCREENED_OUT, CandidateState.DELIVERED, CandidateState.FAILED)) {
      for (CandidateState any : CandidateState.values()) assertThat(t.canMoveTo(any)).isFalse();
    }
  }

  @Test
  void sumsCostExactlyInMicros(@TempDir Path dir) {
    try (Ledger l = TestLedgers.open(dir.resolve("w.db"))) {
      l.createBatch("b1", "local", "{}", 1, dir.toString());
      for (int i = 0; i < 1000; i++) {
        l.recordCall(new CallRecord("b1", null, "draft", "draft", "m", "1K", 1, "image", 200, 33_600, 33_600, 1120, 5, java.time.Instant.now(), null));
      }
      assertThat(l.spentMicros("b1")).isEqualTo(33_600_000L);
    }
  }

  @Test
  void refusesALedgerFromANewerSchema(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("w.db");
    Ledger.open(db).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().executeUpdate(
          "INSERT INTO flyway_schema_history(installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
              + " VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'x', 0, 1)");
    }
    assertThatThrownBy(() -> Ledger.open(db)).isInstanceOf(LedgerException.class).hasMessageContaining("newer winnow");
  }

  @Test
  void refusesAFileThatIsNotALedger(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("not.db");
    java.nio.file.Files.writeString(db, "hello, I am a text file and not a database at all........................................");
    assertThatThrownBy(() -> Ledger.open(db)).isInstanceOf(LedgerException.class).hasMessageContaining("not.db");
  }
}
