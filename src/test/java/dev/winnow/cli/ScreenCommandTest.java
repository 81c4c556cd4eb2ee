package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code winnow screen DIR} on a folder mixing good, broken and duplicate files. */
class ScreenCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURES = Path.of("src/test/resources/screen/debian");

  @TempDir Path dir;

  private static InProcess run(String... args) {
    return InProcess.run(args);
  }

  private void folder() throws IOException {
    copy("storm.jpg", "a/storm.jpg");
    copy("storm-q60.jpg", "a/nested/storm-q60.jpg");
    copy("storm-resized.jpg", "b/storm-smaller.jpg");
    copy("meadow.jpg", "b/meadow.jpg");
    copy("solid-red.png", "flat/red.png");
    copy("solid-blue.png", "flat/blue.png");
    copy("truncated.jpg", "broken/truncated.jpg");
    copy("empty.png", "broken/empty.png");
    copy("not-an-image.png", "broken/words.png");
    copy("bomb.png", "broken/bomb.png");
    Files.writeString(dir.resolve("notes.txt"), "not an image, and not named like one");
  }

  private void copy(String fixture, String to) throws IOException {
    Path target = dir.resolve(to);
    Files.createDirectories(target.getParent());
    Files.copy(FIXTURES.resolve(fixture), target);
  }

  private Map<String, JsonNode> lines(InProcess r) throws IOException {
    Map<String, JsonNode> byFile = new LinkedHashMap<>();
    for (String line : r.out().strip().split("\n")) {
      JsonNode j = JSON.readTree(line);
      byFile.put(j.get("file").asText(), j);
    }
    return byFile;
  }

  @Test
  void oneJsonLinePerImageInPathOrderWithEveryField() throws IOException {
    folder();
    InProcess r = run("screen", "--json", "--min-side", "200", dir.toString());
    assertThat(r.exit()).isZero();
    Map<String, JsonNode> files = lines(r);
    assertThat(new ArrayList<>(files.keySet())).containsExactly(
        "a/nested/storm-q60.jpg", "a/storm.jpg", "b/meadow.jpg", "b/storm-smaller.jpg",
        "broken/bomb.png", "broken/empty.png", "broken/truncated.jpg", "broken/words.png", "flat/blue.png", "flat/red.png");
    for (JsonNode j : files.values()) {
      assertThat(j.fieldNames()).toIterable().containsExactly("file", "pass", "reasons", "width", "height", "brightness", "sharpness", "edge_width", "hash", "duplicate_of");
    }

    JsonNode kept = files.get("a/nested/storm-q60.jpg");
    assertThat(kept.get("pass").asBoolean()).isTrue();
    assertThat(kept.get("reasons")).isEmpty();
    assertThat(kept.get("width").asInt()).isPositive();
    assertThat(kept.get("hash").asText()).matches("[0-9a-f]{16}");
    assertThat(kept.get("duplicate_of").isNull()).isTrue();
    // The first in path order is kept; its copies name it.
    assertThat(files.get("a/storm.jpg").get("duplicate_of").asText()).isEqualTo("a/nested/storm-q60.jpg");
    assertThat(files.get("a/storm.jpg").get("reasons").toString()).isEqualTo("[\"near_duplicate\"]");
    assertThat(files.get("b/storm-smaller.jpg").get("duplicate_of").asText()).isEqualTo("a/nested/storm-q60.jpg");
    assertThat(files.get("b/meadow.jpg").get("pass").asBoolean()).isTrue();

    assertThat(files.get("broken/bomb.png").get("reasons").toString()).isEqualTo("[\"too_large\"]");
    assertThat(files.get("broken/bomb.png").get("width").isNull()).isTrue();
    for (String broken : List.of("broken/empty.png", "broken/truncated.jpg", "broken/words.png")) {
      assertThat(files.get(broken).get("reasons").toString()).as(broken).isEqualTo("[\"undecodable\"]");
    }
    // Two different solid images are flat, and not duplicates of each other.
    assertThat(files.get("flat/red.png").get("reasons").toString()).contains("flat");
    assertThat(files.get("flat/red.png").get("duplicate_of").isNull()).isTrue();
    assertThat(r.err()).contains("screened 10 images");
  }

  @Test
  void theSameFolderGivesTheSameLinesOnOneThreadOrMany() throws IOException {
    folder();
    for (int i = 0; i < 6; i++) copy("storm-q60.jpg", "c/copy-" + i + ".jpg");
    String one = run("screen", "--json", "--min-side", "200", "--threads", "1", dir.toString()).out();
    String many = run("screen", "--json", "--min-side", "200", "--threads", "8", dir.toString()).out();
    assertThat(many).isEqualTo(one);
  }

  @Test
  void theSummaryCountsReasonsAndListsDuplicateGroups() throws IOException {
    folder();
    InProcess r = run("screen", "--min-side", "200", dir.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("10 images screened, 2 passed, 8 rejected (1 other file skipped: not images by name)")
        .containsPattern("undecodable\\s+3")
        .containsPattern("too_large\\s+1")
        .contains("near-duplicate groups: 1")
        .contains("  a/nested/storm-q60.jpg\n    = a/storm.jpg\n    = b/storm-smaller.jpg");
  }

  @Test
  void aFolderGivenAsASymbolicLinkIsScreenedWhereItPoints() throws IOException {
    folder();
    Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
    try {
      InProcess r = run("screen", "--json", "--min-side", "200", link.toString());
      assertThat(r.exit()).isZero();
      assertThat(lines(r).keySet()).hasSize(10).contains("a/storm.jpg", "broken/bomb.png");
      assertThat(r.out()).isEqualTo(run("screen", "--json", "--min-side", "200", dir.toString()).out());
    } finally {
      Files.delete(link);
    }
  }

  @Test
  void skipCheckTurnsAChecksRejectionsOffAndTheSummarySaysSo() throws IOException {
    copy("storm-blurred.jpg", "soft.jpg");
    copy("solid-red.png", "red.png");
    assertThat(lines(run("screen", "--json", "--min-side", "200", dir.toString())).get("soft.jpg").get("reasons").toString()).contains("blurry");
    InProcess r = run("screen", "--json", "--min-side", "200", "--skip-check", "blur", "--skip-check", "flat", dir.toString());
    assertThat(r.exit()).isZero();
    Map<String, JsonNode> byFile = lines(r);
    assertThat(byFile.get("soft.jpg").get("pass").asBoolean()).as(byFile.get("soft.jpg").toString()).isTrue();
    assertThat(byFile.get("red.png").get("reasons").toString()).doesNotContain("flat");
    assertThat(run("screen", "--min-side", "200", "--skip-check", "blur", dir.toString()).out()).contains("checks skipped (--skip-check): blur");
  }

  @Test
  void helpKeepsItsLinesAsWrittenWithinAHundredAndTwentyColumns() {
    InProcess r = run("screen", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(
        "Screen every PNG, JPEG and WebP under a folder (recursively) with the checks a batch's drafts get: resolution,\n",
        "lined-up thumbnails and colours decides", "(default: 18)");
    assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
  }

  @Test
  void aMissingFolderOrABadThresholdIsOneLineAndExit2() {
    InProcess missing = run("screen", dir.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).contains("is not a folder").doesNotContain("\n");
    InProcess bad = run("screen", "--duplicate-distance", "99", dir.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).contains("--duplicate-distance").doesNotContain("\n");
  }
}
