package dev.winnow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.spec.ImageSize;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobValidatorTest {

  private static JobInput flags(List<String> prompts, Integer want) {
    return new JobInput(prompts.stream().map(p -> new JobInput.PromptInput(p, null)).toList(), want, null, null, null,
        null, null, null, null, null, null, null, null, null, null, JobInput.Source.FLAGS);
  }

  @Test
  void fillsDefaultsAndDraftsLiteAt1KWhenFinalsAre2K() {
    Job job = JobValidator.validate(flags(List.of("misty mountains at dawn"), 8));
    assertThat(job.wantTotal()).isEqualTo(8);
    assertThat(job.draftModel()).isEqualTo("gemini-3.1-flash-lite-image");
    assertThat(job.finalModel()).isEqualTo("gemini-nano-banana-2.1"); // the replacement Google named for Nano Banana 2
    assertThat(job.finalSize()).isEqualTo(ImageSize.K2);
    assertThat(job.draftSize()).isEqualTo(ImageSize.K1);
    assertThat(job.maxDrafts()).isEqualTo(80);
    assertThat(job.review()).isEqualTo(ReviewMode.AUTO);
    assertThat(job.promotion()).isEqualTo(PromotionMode.REFERENCE);
  }

  @Test
  void splitsTotalWantAcrossPromptsWithRemainderFirst() {
    Job job = JobValidator.validate(flags(List.of("a sea", "a city", "a forest"), 8));
    assertThat(job.prompts()).extracting(PromptTarget::want).containsExactly(3, 3, 2);
  }

  @Test
  void acceptsArticleAliasesAsModelNames() {
    JobInput in = new JobInput(List.of(new JobInput.PromptInput("sky", null)), 1, null, "nano-banana-2-lite", "nano-banana-2",
        null, null, null, null, null, null, null, null, null, null, JobInput.Source.FLAGS);
    Job job = JobValidator.validate(in);
    assertThat(job.draftModel()).isEqualTo("gemini-3.1-flash-lite-image");
    assertThat(job.finalModel()).isEqualTo("gemini-3.1-flash-image");
  }

  @Test
  void refusesZeroWantNamingTheFlagAndValue() {
    assertThatThrownBy(() -> JobValidator.validate(flags(List.of("sky"), 0)))
        .isInstanceOf(JobException.class).hasMessage("--want must be between 1 and 100000 (got 0)");
  }

  @Test
  void refusesEmptyPrompt() {
    assertThatThrownBy(() -> JobValidator.validate(flags(List.of("  "), 2))).hasMessage("--prompt must not be empty");
  }

  @Test
  void refusesSizeTheFinalModelCannotRender() {
    JobInput in = new JobInput(List.of(new JobInput.PromptInput("sky", null)), 1, null, null, "gemini-3.1-flash-lite-image",
        null, "4K", null, null, null, null, null, null, null, null, JobInput.Source.FLAGS);
    assertThatThrownBy(() -> JobValidator.validate(in)).hasMessageContaining("--size 4K is not offered by gemini-3.1-flash-lite-image");
  }

  @Test
  void refusesUnknownAspectListingAllowedOnes() {
    JobInput in = new JobInput(List.of(new JobInput.PromptInput("sky", null)), 1, null, null, null, "7:5", null, null, null,
        null, null, null, null, null, null, JobInput.Source.FLAGS);
    assertThatThrownBy(() -> JobValidator.validate(in)).hasMessageStartingWith("--aspect: '7:5' is not allowed (use 1:1, 2:3");
  }

  @Test
  void refusesMaxDraftsBelowWant() {
    JobInput in = new JobInput(List.of(new JobInput.PromptInput("sky", null)), 5, null, null, null, null, null, null, null,
        null, null, 3, null, null, null, JobInput.Source.FLAGS);
    assertThatThrownBy(() -> JobValidator.validate(in)).hasMessage("--max-drafts must be at least the keepers wanted, 5 (got 3)");
  }

  @Test
  void refusesNonPositiveBudget() {
    JobInput in = new JobInput(List.of(new JobInput.PromptInput("sky", null)), 5, null, null, null, null, null, null, null,
        null, null, null, new BigDecimal("0"), null, null, JobInput.Source.FLAGS);
    assertThatThrownBy(() -> JobValidator.validate(in)).hasMessage("--budget must be more than 0 US dollars (got 0)");
  }

  @Test
  void aJobFileSelectingTheBestReadsBackFromTheLedgerAsTheSameBatch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "prompts:\n  - sunset over the sea\nwant: 4\nreview: vision\nselect: best\noversample: 2.5\n");
    Job job = JobValidator.validate(JobFile.read(file));
    assertThat(job.selection()).isEqualTo(new Selection(Selection.Mode.BEST, 2.5));
    assertThat(job.selection().wave(4)).isEqualTo(10);
    // Enough drafts for the wave twice over by default, never fewer than the usual ten per keeper.
    assertThat(job.maxDrafts()).isEqualTo(40);
    Job stored = StoredJob.parse(job.batchId(), JobJson.of(job));
    assertThat(stored.selection()).isEqualTo(job.selection());
    assertThat(JobJson.selectsBest(JobJson.of(job))).isTrue();
    // Choosing the first accepted instead is another batch; a first-come job keeps the id it had before selection existed.
    Job first = JobValidator.validate(JobFile.read(file).withSelection("first", null));
    assertThat(first.batchId()).isNotEqualTo(job.batchId());
    assertThat(first.selection()).isEqualTo(Selection.FIRST);
    assertThat(JobJson.of(first)).doesNotContain("select");
  }

  @Test
  void readsJobFileAndLetsFlagsOverrideIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "prompts:\n  - sunset over the sea\n  - prompt: neon city at night\n    want: 3\nwant: 5\naspect: \"1:1\"\nseed: 40\n");
    JobInput flags = new JobInput(List.of(), null, null, null, null, null, "1K", null, null, 7L, null, null, null, null, null, JobInput.Source.FLAGS);
    Job job = JobValidator.validate(JobFile.read(file).overriddenBy(flags));
    assertThat(job.prompts()).containsExactly(new PromptTarget("sunset over the sea", 2), new PromptTarget("neon city at night", 3));
    assertThat(job.aspect().toString()).isEqualTo("1:1");
    assertThat(job.finalSize()).isEqualTo(ImageSize.K1);
    assertThat(job.firstSeed()).isEqualTo(7);
  }

  @Test
  void namesFileAndKeyOfAWrongType(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "prompts: [sky]\nwant: ten\n");
    assertThatThrownBy(() -> JobFile.read(file)).hasMessage(file + ": want must be a whole number (got \"ten\")");
  }

  @Test
  void refusesUnknownKeySoTyposDoNotFallBackToDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "prompts: [sky]\nwnat: 3\n");
    assertThatThrownBy(() -> JobFile.read(file)).hasMessageStartingWith(file + ": unknown key 'wnat'");
  }

  @Test
  void reportsMalformedYamlWithItsLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "prompts: [sky\nwant: 3\n");
    assertThatThrownBy(() -> JobFile.read(file)).isInstanceOf(JobException.class).hasMessageContaining("is not valid YAML at line");
  }

  @Test
  void batchIdIsStableForTheSameJobAndChangesWithTheSeed() {
    Job a = JobValidator.validate(flags(List.of("misty mountains at dawn"), 8));
    Job b = JobValidator.validate(flags(List.of("misty mountains at dawn"), 8));
    JobInput other = new JobInput(List.of(new JobInput.PromptInput("misty mountains at dawn", null)), 8, null, null, null, null,
        null, null, null, 2L, null, null, null, null, null, JobInput.Source.FLAGS);
    assertThat(a.batchId()).isEqualTo(b.batchId()).startsWith("misty-mountains-at-dawn-");
    assertThat(JobValidator.validate(other).batchId()).isNotEqualTo(a.batchId());
  }
}
