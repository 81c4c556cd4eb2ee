package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline bench's arithmetic, on request-log lines written by hand. */
class PipelineReportTest {

  @Test
  void utilisationCountsWholeMinutesFromTheWarmUpAndDropsThePartialOne() {
    long[] times = {5_000, 20_000, 50_000, 79_999, 80_000, 139_999, 150_000, 170_000};

    // From 20 s to 170 s: two full minutes, [20, 80) with 3 calls and [80, 140) with 2; the 150 and 170 s calls fall
    // in the partial third.
    assertThat(PipelineReport.perFullMinute(times, 20_000, 170_000)).hasValue(2.5);
    assertThat(PipelineReport.perFullMinute(times, 20_000, 79_999)).isEmpty();
  }

  @Test
  void admittedLeavesOutWhatTheQuotaOrTheChecksTurnedAway() throws Exception {
    List<String> log =
        List.of(
            "{\"timeMs\":3000,\"model\":\"m\",\"outcome\":\"image\",\"status\":200}",
            "{\"timeMs\":1000,\"model\":\"m\",\"outcome\":\"overloaded\",\"status\":503}",
            "{\"timeMs\":2000,\"model\":\"m\",\"outcome\":\"rate-limited\",\"status\":429}",
            "{\"timeMs\":2500,\"model\":\"m\",\"outcome\":\"refused\",\"status\":400}",
            "{\"timeMs\":4000,\"model\":\"n\",\"outcome\":\"blocked\",\"status\":200}");

    Map<String, PipelineReport.Admitted> admitted = PipelineReport.admitted(log);

    assertThat(admitted.get("m").timesMs()).containsExactly(1000, 3000);
    assertThat(admitted.get("n").timesMs()).containsExactly(4000);
  }

  @Test
  void draftingEndsAtTheFirstSilenceLongerThanTheGap() {
    long[] drafts = {0, 4_000, 5_000, 150_000, 152_900, 223_300};

    assertThat(PipelineReport.endOfDrafting(drafts, 15_000)).isEqualTo(5_000);
    assertThat(PipelineReport.endOfDrafting(new long[] {0, 4_000, 5_000}, 15_000)).isEqualTo(5_000);
    assertThat(PipelineReport.endOfDrafting(drafts, 150_000)).isEqualTo(223_300);
  }
}
