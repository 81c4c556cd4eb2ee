package dev.winnow.pipeline;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.generate.BatchLane;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchJobs;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline does with a Batch job that ends without results (the provider's wire format is GeminiBatchLaneTest's
 * and BatchLaneTest's business): expired and failed jobs send their drafts back to the planner, a later wave takes
 * them, nothing is billed for them and the batch still delivers; a create that failed is looked up before it is tried again.
 */
class BatchJobRecoveryTest {
  /** A Batch lane whose jobs end as scripted (the first ones), then as the local backend would answer them. */
  static final class ScriptedLane implements BatchLane {
    final List<State> endings;
    final ImageModel images = new LocalImageModel();
    final Map<String, List<Item>> jobs = new HashMap<>();
    final List<String> created = new ArrayList<>();
    int failCreates;
    int finds;

    ScriptedLane(List<State> endings) {
      this.endings = new ArrayList<>(endings);
    }

    @Override
    public synchronized String submit(String model, String displayName, List<Item> items) {
      if (failCreates > 0) {
        failCreates--;
        jobs.put("batches/" + displayName, items); // created on the provider's side, but the answer was lost
        throw new dev.winnow.generate.BatchLaneException(503, "the create's answer was lost");
      }
      String name = "batches/" + displayName;
      jobs.put(name, items);
      created.add(name);
      return name;
    }

    @Override
    public synchronized Optional<String> find(String displayName) {
      finds++;
      String name = "batches/" + displayName;
      return jobs.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    @Override
    public synchronized Job poll(String name) {
      int index = created.indexOf(name);
      State s = index >= 0 && index < endings.size() ? endings.get(index) : State.SUCCEEDED;
      return new Job(name, s, s == State.SUCCEEDED ? null : "scripted " + s);
    }

    @Override
    public synchronized void results(String name, BiConsumer<String, CallOutcome> sink) {
      for (Item i : jobs.get(name)) sink.accept(i.key(), images.generate(i.request()));
    }

    @Override
    public void cancel(String name) {}
  }

  private static Job job(int want) {
    return JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput("misty mountains at dawn", null)), want, null, null,
        "gemini-3.1-flash-lite-image", null, "1K", null, "seed", null, null, null, null, null, null, "batch", null, null, 1, null, JobInput.Source.FLAGS));
  }

  @Test
  void expiredAndFailedJobsSendTheirDraftsBackAndALaterWaveDeliversThem(@TempDir Path dir) {
    ScriptedLane lane = new ScriptedLane(List.of(BatchLane.State.EXPIRED, BatchLane.State.FAILED));
    Job job = job(3);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = PipelineTest.run(ledger, withFinals(lane), job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      assertThat(o.delivered()).isEqualTo(3);
      List<BatchJobs.Job> jobs = ledger.batchJobs().all(o.batchId());
      assertThat(jobs).extracting(BatchJobs.Job::state).startsWith("EXPIRED", "FAILED").contains("SUCCEEDED");
      // every draft a succeeded job answered is landed, even those the batch no longer needed (they were paid for)
      for (BatchJobs.Job j : jobs) if (j.state().equals("SUCCEEDED")) assertThat(ledger.batchJobs().waiting(j.id())).isEmpty();
      // the expired and failed jobs' drafts were not billed: every billed draft came from a job that succeeded
      assertThat(ledger.calls(o.batchId())).filteredOn(c -> c.purpose().equals("draft")).allMatch(c -> c.lane().equals("batch"));
      assertThat(ledger.claims().reservedMicros(o.batchId())).isZero();
      assertThat(ledger.candidates(o.batchId())).noneMatch(c -> c.state() == CandidateState.FAILED);
    }
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundByItsNameNotCreatedAgain(@TempDir Path dir) {
    ScriptedLane lane = new ScriptedLane(List.of());
    lane.failCreates = 1;
    Job job = job(2);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = PipelineTest.run(ledger, withFinals(lane), job, dir.resolve("out"));
      assertThat(o.delivered()).isEqualTo(2);
      assertThat(lane.finds).isGreaterThanOrEqualTo(1);
      // the first job's name came from the lookup, and no second job was made for the same drafts
      List<BatchJobs.Job> jobs = ledger.batchJobs().all(o.batchId());
      assertThat(jobs.get(0).name()).contains("batches/" + jobs.get(0).displayName());
      assertThat(lane.jobs.keySet()).hasSize(jobs.size());
    }
  }

  /** The scripted lane for drafts; finals as the local backend makes them (standard lane). */
  private static ImageModel withFinals(ScriptedLane lane) {
    LocalImageModel local = new LocalImageModel();
    return new ImageModel() {
      @Override
      public String backend() {
        return "local";
      }

      @Override
      public boolean bills() {
        return false;
      }

      @Override
      public CallOutcome generate(GenerationRequest request) {
        if (request.tier() == dev.winnow.spec.Tier.DRAFT) throw new AssertionError("drafts on the Batch lane are never single calls");
        return local.generate(request);
      }

      @Override
      public Optional<BatchLane> batchLane() {
        return Optional.of(lane);
      }
    };
  }
}
