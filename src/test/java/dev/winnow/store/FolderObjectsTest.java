package dev.winnow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's objects in a local folder keep the layout and the promises of the S3 store. */
class FolderObjectsTest {
  @TempDir Path out;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSecondPutOnceOfTheSameKeyDoesNotOverwriteAndLeavesNoTempFile() throws Exception {
    BatchObjects objects = new FolderStore(out).batch("b1");
    assertThat(objects.putOnce("finals/a.png", bytes("first"))).isTrue();
    assertThat(objects.putOnce("finals/a.png", bytes("first"))).isFalse();
    assertThatThrownBy(() -> objects.putOnce("finals/a.png", bytes("second"))).isInstanceOf(StoreException.class)
        .hasMessageContaining("already holds a different image");
    assertThat(Files.readString(out.resolve("b1/finals/a.png"))).isEqualTo("first");
    try (var files = Files.list(out.resolve("b1/finals"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.png");
    }
  }

  @Test
  void keysAreFilesUnderTheBatchFolder() {
    FolderStore store = new FolderStore(out);
    BatchObjects objects = store.batch("b1");
    objects.put("drafts/c1-s7.png", bytes("0123456789"));
    objects.put("drafts/c2-s8.png", bytes("x"));
    assertThat(store.location()).isEqualTo(out.toAbsolutePath().toString());
    assertThat(objects.name("drafts/c1-s7.png")).isEqualTo(out.resolve("b1/drafts/c1-s7.png").toAbsolutePath().toString());
    assertThat(objects.size("drafts/c1-s7.png")).isEqualTo(10);
    assertThat(objects.size("drafts/none.png")).isEqualTo(-1);
    assertThat(new String(objects.read("drafts/c1-s7.png", 3, 7), StandardCharsets.UTF_8)).isEqualTo("3456");
    assertThat(objects.list("drafts")).containsExactly("drafts/c1-s7.png", "drafts/c2-s8.png");
    assertThat(objects.list("finals/")).isEmpty();
    assertThat(Stores.name(store.location(), "b1", "drafts/c1-s7.png")).isEqualTo(objects.name("drafts/c1-s7.png"));
  }

  @Test
  void findFirstTakesTheExactStemWithOneOfTheSuffixes() {
    BatchObjects objects = new FolderStore(out).batch("b1");
    objects.put("drafts/c1-s7.jpg", bytes("a"));
    objects.put("drafts/c1-s70.png", bytes("b"));
    assertThat(objects.findFirst("drafts/c1-s7", java.util.List.of(".png", ".jpg"))).hasValue("drafts/c1-s7.jpg");
    assertThat(objects.findFirst("renders/c1-s7", java.util.List.of(".png", ".jpg"))).isEmpty();
  }

  @Test
  void theManifestIsOneAppendedFileInTheBatchFolder() throws Exception {
    BatchObjects objects = new FolderStore(out).batch("b1");
    assertThat(objects.manifest().jsonl()).isEmpty();
    assertThat(objects.manifest().add("candidate", 2, "{\"candidate\":2}")).isTrue();
    assertThat(objects.manifest().add("candidate", 1, "{\"candidate\":1}")).isTrue();
    assertThat(objects.manifest().add("candidate", 2, "{\"candidate\":2,\"again\":true}")).isFalse();
    assertThat(Files.readString(out.resolve("b1/manifest.jsonl"))).isEqualTo("{\"candidate\":2}\n{\"candidate\":1}\n"); // delivery order
    byte[] file = Files.readAllBytes(out.resolve("b1/manifest.jsonl"));
    assertThat(objects.manifest().jsonl()).hasValueSatisfying(b -> assertThat(b).isEqualTo(file));
  }

  @Test
  void aPlainPathOpensAFolderAndAnS3UrlABucket() {
    try (Stores stores = new Stores(java.util.Map.of())) {
      assertThat(stores.open(out.toString())).isInstanceOf(FolderStore.class);
      assertThat(stores.open("s3://pics/a/b/").location()).isEqualTo("s3://pics/a/b");
    }
  }
}
