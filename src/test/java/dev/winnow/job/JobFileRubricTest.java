package dev.winnow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.winnow.review.Rubric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileRubricTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("job.yaml"), yaml);
  }

  @Test
  void aRubricInTheJobFileKeepsItsCriteriaInOrder() throws IOException {
    Path f = file("prompts: [a knight sprite]\nwant: 2\nreview: vision\nrubric:\n  outline: Is the outline clean?\n  palette: Does it keep to 16 colours?\n");
    Rubric r = JobFile.rubric(f).orElseThrow();
    assertThat(r.criteria()).extracting(Rubric.Criterion::name).containsExactly("outline", "palette");
    assertThat(r.criteria().get(1).question()).isEqualTo("Does it keep to 16 colours?");
    assertThat(JobFile.read(f).review()).isEqualTo("vision");
  }

  @Test
  void withoutARubricThereIsNone() throws IOException {
    assertThat(JobFile.rubric(file("prompts: [a lake]\n"))).isEmpty();
  }

  @Test
  void aMalformedRubricGetsOneLineNamingTheCriterion() throws IOException {
    assertThatThrownBy(() -> JobFile.rubric(file("prompts: [a]\nrubric: [outline]\n"))).isInstanceOf(JobException.class).hasMessageContaining("rubric must map");
    assertThatThrownBy(() -> JobFile.rubric(file("prompts: [a]\nrubric:\n  Outline Quality: ok?\n"))).isInstanceOf(JobException.class).hasMessageContaining("'Outline Quality'");
    assertThatThrownBy(() -> JobFile.rubric(file("prompts: [a]\nrubric:\n  outline: 3\n"))).isInstanceOf(JobException.class).hasMessageContaining("rubric.outline must be the question");
  }
}
