package dev.winnow.pipeline;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.WinnowException;
import dev.winnow.cost.PriceTable;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.PngText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildTest {
  @Test
  void rebuildsADeliveredImageFromTheLedgerAlone(@TempDir Path dir) throws Exception {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = PipelineTest.run(ledger, new LocalImageModel(), PipelineTest.job("neon city at night", 2, null, 2), dir.resolve("out"));
      Candidate delivered = ledger.candidates(o.batchId()).stream().filter(c -> c.state() == CandidateState.DELIVERED).findFirst().orElseThrow();
      Rebuild rebuild = new Rebuild(ledger, new LocalImageModel(), PriceTable.builtIn(),
          new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), new Random(1)),
          Quota.unlimited(), "test");

      Rebuild.Result r = rebuild.rebuild(rebuild.find(Path.of(delivered.finalFile()).getFileName().toString()), Optional.empty());

      assertThat(Path.of(r.file())).exists().isNotEqualTo(dir.resolve("out").resolve(o.batchId()).resolve(delivered.finalFile()));
      assertThat(r.bitsFromFinal()).isZero(); // the local backend is deterministic: a rebuild is the same picture
      var meta = new ObjectMapper().readTree(PngText.read(Files.readAllBytes(Path.of(r.file()))).get("winnow"));
      assertThat(meta.get("rebuild_of").asText()).isEqualTo(delivered.finalFile());
      assertThat(meta.get("seed").asLong()).isEqualTo(delivered.instructions().seed());
      assertThat(ledger.calls(o.batchId())).anyMatch(c -> c.purpose().equals("rebuild") && c.candidateId() == delivered.id());
    }
  }

  @Test
  void refusesAnUnknownIdWithAUsageError(@TempDir Path dir) {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      Rebuild rebuild = new Rebuild(ledger, new LocalImageModel(), PriceTable.builtIn(), RetryPolicy.standard(new Random(1)), Pipeline.perModel(60), "test");
      assertThatThrownBy(() -> rebuild.find("c404")).isInstanceOf(WinnowException.class)
          .hasMessageContaining("no delivered image 'c404'").extracting(e -> ((WinnowException) e).exitCode()).isEqualTo(2);
    }
  }
}
