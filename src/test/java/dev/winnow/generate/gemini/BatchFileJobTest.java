package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.cost.PriceTable;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.Planners;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.AutoReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch jobs too big to send inline, end to end over HTTP: the pipeline uploads each job's requests as a JSONL file
 * (the Files API's resumable upload), the server answers with a responses file, and the batch delivers from it.
 */
class BatchFileJobTest {
  @TempDir Path dir;

  @Test
  void jobsSentAsFilesAreAnsweredFromResponsesFilesAndDelivered() throws Exception {
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, 0, 5, 20, 0, 0, Optional.of(Fixtures.KEY), 8, true).withBatchTurnaround(400);
    try (WireServer server = WireServer.start(config);
        Ledger ledger = Ledger.open(dir.resolve("w.db"));
        GeminiImageModel model = GeminiImageModel.create(
            GeminiSettings.of(Fixtures.KEY).withBaseUrl(URI.create("http://127.0.0.1:" + server.port())).withTimeout(Duration.ofSeconds(10)), 100)) {
      Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput("a lighthouse at dusk", null)), 2, null, null, null, null,
          "1K", null, null, null, null, null, null, null, null, "batch", "batch", null, 1, null, JobInput.Source.FLAGS));
      Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()), new AutoReviewer(),
          Planners.forJob(job), PriceTable.builtIn(), new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), new Random(1)),
          Pipeline.perModel(60_000), ProgressListener.SILENT, Clock.systemUTC(), "test"));
      BatchOutcome o = p.run(job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      assertThat(o.delivered()).isEqualTo(2);
      JsonNode stats = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
      // every job went as an uploaded file (drafts and finals by reference), and no call was made one at a time
      long jobs = stats.at("/models/gemini-3.1-flash-lite-image/batchJobs").asLong() + stats.at("/models/gemini-nano-banana-2.1/batchJobs").asLong();
      assertThat(stats.get("uploadedFiles").asLong()).isEqualTo(jobs).isGreaterThanOrEqualTo(2);
      assertThat(stats.at("/models/gemini-nano-banana-2.1/admitted").asLong()).isZero();
      List<CallRecord> images = ledger.calls(o.batchId()).stream().filter(c -> c.outcome().equals("image")).toList();
      assertThat(images).isNotEmpty().allMatch(c -> c.lane().equals("batch") && c.message().startsWith("in batch batches/"));
      assertThat(ledger.claims().reservedMicros(o.batchId())).isZero();
    }
  }
}
