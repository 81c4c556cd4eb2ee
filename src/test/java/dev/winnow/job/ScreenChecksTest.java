package dev.winnow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.screen.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which screen checks a prompt's drafts skip, from its words, the job file and the flags; and the mistakes refused. */
class ScreenChecksTest {
  @TempDir Path dir;

  private static JobInput flags(List<String> prompts, List<String> skip) {
    return new JobInput(prompts.stream().map(p -> new JobInput.PromptInput(p, null)).toList(), prompts.size(), null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, skip, null, null, JobInput.Source.FLAGS);
  }

  private Job file(String yaml) throws Exception {
    Path f = dir.resolve("job.yaml");
    Files.writeString(f, yaml);
    return JobValidator.validate(JobFile.read(f));
  }

  @Test
  void aPromptForAMinimalistGradientSkipsFlatAndBlurAndSaysWhy() {
    Job job = JobValidator.validate(flags(List.of("minimalist pastel gradient wallpaper", "misty mountains at dawn"), List.of()));
    ScreenChecks soft = job.prompts().get(0).checks();
    assertThat(soft.skipped()).containsExactlyInAnyOrder(Check.BLUR, Check.FLAT);
    assertThat(soft.describeSkips()).containsExactly("blur, flat: implied by the prompt's words (minimalist, gradient)");
    assertThat(job.prompts().get(1).checks().skipped()).as("misty mountains keep every check").isEmpty();
    assertThat(job.prompts().get(1).checks().describeSkips()).isEmpty();
  }

  @Test
  void theWordsMatchWholeWordsInAnyCase() {
    assertThat(ScreenChecks.softWords("A SOLID red Vector logo; silhouettes at dusk")).containsExactly("solid", "vector", "silhouettes");
    assertThat(ScreenChecks.softWords("flattened solidarity gradients")).containsExactly("gradients");
    assertThat(ScreenChecks.implied("a flatbed truck in the minimalism style").skipped()).isEmpty();
  }

  @Test
  void skipCheckFlagsApplyToEveryPrompt() {
    Job job = JobValidator.validate(flags(List.of("misty mountains at dawn", "a night city"), List.of("blur", "BRIGHTNESS")));
    for (PromptTarget p : job.prompts()) {
      assertThat(p.checks().skipped()).containsExactlyInAnyOrder(Check.BLUR, Check.BRIGHTNESS);
      assertThat(p.checks().describeSkips()).containsExactly("blur, brightness: asked by --skip-check");
    }
  }

  @Test
  void anUnknownCheckNameOnTheCommandLineIsRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> JobValidator.validate(flags(List.of("sky"), List.of("sharpness"))))
        .isInstanceOf(JobException.class)
        .hasMessage("--skip-check: 'sharpness' is not allowed (use blur, flat, brightness)");
  }

  @Test
  void theJobFileTurnsChecksOffForTheJobAndOnOrOffPerPrompt() throws Exception {
    Job job = file("""
        want_each: 1
        checks: {flat: off}
        prompts:
          - misty mountains at dawn
          - prompt: minimalist pastel gradient wallpaper
            checks: {blur: on}
          - prompt: a night city
            checks:
              brightness: no
        """);
    assertThat(job.prompts().get(0).checks().skipped()).containsExactly(Check.FLAT);
    assertThat(job.prompts().get(0).checks().describeSkips()).singleElement().asString().endsWith("job.yaml: checks.flat");
    assertThat(job.prompts().get(1).checks().skipped()).as("blur kept on, flat off as the words and the job say").containsExactly(Check.FLAT);
    assertThat(job.prompts().get(2).checks().skipped()).containsExactlyInAnyOrder(Check.FLAT, Check.BRIGHTNESS);
  }

  @Test
  void unknownNamesAndValuesInTheJobFileAreRefusedNamingTheKey() throws Exception {
    assertThatThrownBy(() -> file("prompts: [sky]\nwant: 1\nchecks: {sharpness: off}\n"))
        .isInstanceOf(JobException.class).hasMessageEndingWith("job.yaml: checks: 'sharpness' is not a check (use blur, flat, brightness)");
    assertThatThrownBy(() -> file("prompts: [{prompt: sky, checks: {blur: maybe}}]\nwant: 1\n"))
        .isInstanceOf(JobException.class).hasMessageEndingWith("job.yaml: prompts[0].checks.blur: 'maybe' is not allowed (use on or off)");
    assertThatThrownBy(() -> file("prompts: [{prompt: sky, chekcs: {blur: off}}]\nwant: 1\n"))
        .isInstanceOf(JobException.class).hasMessageEndingWith("job.yaml: prompts[0]: unknown key 'chekcs' (known: checks, prompt, want)");
    assertThatThrownBy(() -> file("prompts: [sky]\nwant: 1\nchecks: [blur]\n"))
        .isInstanceOf(JobException.class).hasMessageContaining("checks must map check names to on or off");
  }

  @Test
  void whatWasAskedIsStoredWithTheJobAndReadBackTheSame() throws Exception {
    Job job = file("""
        want: 2
        prompts:
          - prompt: minimalist pastel gradient wallpaper
            checks: {blur: on}
          - prompt: misty mountains at dawn
            checks: {flat: off}
        """);
    Job back = StoredJob.parse(job.batchId(), JobJson.of(job));
    for (int i = 0; i < 2; i++) assertThat(back.prompts().get(i).checks().skipped()).isEqualTo(job.prompts().get(i).checks().skipped());
    assertThat(back.prompts().get(0).checks().skipped()).containsExactly(Check.FLAT);
  }
}
