package dev.winnow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's objects in a real S3-compatible server (S3Proxy), through the same interface as a folder. */
class S3ObjectsTest {
  @TempDir static Path dir;
  static S3ProxyServer s3;
  static Stores stores;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(dir);
    s3.createBucket("pics");
    stores = new Stores(s3.env());
  }

  @AfterAll
  static void stop() {
    if (stores != null) stores.close();
    if (s3 != null) s3.close();
  }

  private static BatchObjects batch(String id) {
    return stores.open("s3://pics/team/a").batch(id);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSecondPutOnceOfTheSameKeyDoesNotOverwrite() {
    BatchObjects objects = batch("once");
    assertThat(objects.putOnce("finals/a.png", bytes("first"))).isTrue();
    assertThatThrownBy(() -> objects.putOnce("finals/a.png", bytes("second")))
        .isInstanceOf(StoreException.class).hasMessageContaining("already holds a different image");
    assertThat(objects.get("finals/a.png")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
  }

  @Test
  void putOnceOfIdenticalBytesAgainIsASuccess() {
    BatchObjects objects = batch("again");
    assertThat(objects.putOnce("drafts/c1-s7.png", bytes("same"))).isTrue();
    assertThat(objects.putOnce("drafts/c1-s7.png", bytes("same"))).isFalse();
  }

  @Test
  void readsSizesRangesAndListsUnderABatchPrefix() {
    BatchObjects objects = batch("reads");
    objects.put("finals/b.png", bytes("0123456789"));
    objects.put("finals/a.png", bytes("x"));
    objects.put("drafts/c.png", bytes("y"));
    assertThat(objects.size("finals/b.png")).isEqualTo(10);
    assertThat(objects.size("finals/none.png")).isEqualTo(-1);
    assertThat(objects.exists("finals/a.png")).isTrue();
    assertThat(objects.get("finals/none.png")).isEmpty();
    assertThat(new String(objects.read("finals/b.png", 3, 7), StandardCharsets.UTF_8)).isEqualTo("3456");
    assertThat(objects.list("finals/")).containsExactly("finals/a.png", "finals/b.png");
    assertThat(objects.name("finals/a.png")).isEqualTo("s3://pics/team/a/reads/finals/a.png");
  }

  @Test
  void putIfAbsentLeavesWhateverIsThere() {
    BatchObjects objects = batch("absent");
    assertThat(objects.putIfAbsent("manifest/candidate-1.json", bytes("first"))).isTrue();
    assertThat(objects.putIfAbsent("manifest/candidate-1.json", bytes("second"))).isFalse();
    assertThat(objects.get("manifest/candidate-1.json")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
  }

  @Test
  void findFirstTakesTheExactStemWithOneOfTheSuffixes() {
    BatchObjects objects = batch("find");
    objects.put("drafts/c1-s7.jpg", bytes("a"));
    objects.put("drafts/c1-s70.png", bytes("b")); // a longer seed, same prefix
    objects.put("renders/c1-s7-drift1.png", bytes("c")); // kept, never a render to deliver
    assertThat(objects.findFirst("drafts/c1-s7", List.of(".png", ".jpg", ".webp"))).hasValue("drafts/c1-s7.jpg");
    assertThat(objects.findFirst("renders/c1-s7", List.of(".png", ".jpg", ".webp"))).isEmpty();
    assertThat(objects.findFirst("drafts/c2-s7", List.of(".png"))).isEmpty();
  }

  @Test
  void aManifestEntryAnotherWriterAddedIsNotAddedAgain() {
    ImageStore mine = ImageStore.of(stores.open("s3://pics/team/a"), "manifest");
    ImageStore theirs = ImageStore.of(stores.open("s3://pics/team/a"), "manifest");
    mine.appendManifest("candidate", 1, "{\"candidate\":1}");
    theirs.appendManifest("candidate", 2, "{\"candidate\":2}");
    mine.appendManifest("candidate", 2, "{\"candidate\":2,\"dup\":true}");
    theirs.appendManifest("candidate", 1, "{\"candidate\":1,\"dup\":true}");
    assertThat(new String(batch("manifest").manifest().jsonl().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"candidate\":1}\n{\"candidate\":2}\n");
  }

  @Test
  void theCheckPassesForAWritableBucketAndNamesAMissingOne() {
    stores.open("s3://pics/team/a").check(true);
    assertThatThrownBy(() -> stores.open("s3://no-such-bucket").check(false))
        .isInstanceOf(StoreException.class).hasMessageContaining("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void aWrongSecretIsRefusedWithoutQuotingIt() {
    try (Stores wrong = new Stores(s3.env("not-the-secret-1234"))) {
      assertThatThrownBy(() -> wrong.open("s3://pics").check(false))
          .isInstanceOf(StoreException.class).hasMessageContaining("access refused").hasMessageNotContaining("not-the-secret-1234");
    }
  }

  @Test
  void malformedUrlsAreRefusedBeforeAnyRequest() {
    for (String url : List.of("s3://", "s3://Bad_Bucket/x", "s3://ab", "s3://pics//x", "S3://pics")) {
      assertThatThrownBy(() -> new Stores(Map.of()).open(url)).as(url).isInstanceOf(StoreException.class).hasMessageContaining("is not a usable S3 URL");
    }
  }
}
