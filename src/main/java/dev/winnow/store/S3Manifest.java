package dev.winnow.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest in a bucket: one object per entry, {@code manifest/FIELD-VALUE.json} (such as
 * {@code manifest/candidate-12.json}), written once with {@code If-None-Match: *}. S3 has no append, and rewriting one
 * shared object costs a read and a write of the whole manifest per delivery and, on servers that check
 * {@code If-Match} apart from the write (S3Proxy's filesystem backend), loses a line when two workers deliver at once.
 * An entry's object has one writer that counts, the first; a redelivery finds it there and writes nothing.
 *
 * <p>Buckets written before this layout hold the manifest as one {@code manifest.jsonl} object. Its lines still count
 * as delivered and are still read, first and in their order, and an entry object repeating one of them is left out,
 * so a batch begun before the change neither loses nor repeats an entry.
 */
final class S3Manifest implements Manifest {
  static final String DIR = "manifest/";
  private static final String LEGACY = FolderManifest.FILE;
  private static final Pattern FIELD = Pattern.compile("[a-z_]+");
  private static final Pattern ENTRY = Pattern.compile(Pattern.quote(DIR) + "([a-z_]+)-(\\d{1,18})\\.json");
  // Entries follow in the order of their value, the candidate id (the ledger hands ids out in drafting order), not in
  // delivery order: S3 keeps no delivery order to trust (LastModified has one-second resolution and comes from no clock
  // the workers share), while the id order is the same for every reader and every export of the batch.
  private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::field).thenComparingLong(Entry::value);
  private final BatchObjects objects;
  private byte[] legacy = new byte[0];
  private long legacySize = -1;
  private final Map<String, Set<Long>> legacyValues = new HashMap<>();

  S3Manifest(BatchObjects objects) {
    this.objects = objects;
  }

  @Override
  public boolean add(String field, long value, String jsonLine) {
    if (!FIELD.matcher(field).matches()) throw new IllegalArgumentException("manifest field must be lower-case letters (got " + field + ")");
    if (value < 0) throw new IllegalArgumentException("manifest value must not be negative (got " + value + ")");
    if (inLegacy(field, value)) return false;
    return objects.putIfAbsent(new Entry(field, value).key(), jsonLine.strip().getBytes(StandardCharsets.UTF_8));
  }

  // One HEAD per delivery: the old object no longer grows under this version, but a worker of the version before may
  // still be appending to it, and then it is read again.
  private synchronized boolean inLegacy(String field, long value) {
    long size = objects.size(LEGACY);
    if (size != legacySize) {
      legacy = size < 0 ? new byte[0] : objects.get(LEGACY).orElse(new byte[0]);
      legacySize = size;
      legacyValues.clear();
    }
    return legacyValues.computeIfAbsent(field, f -> valuesIn(legacy, f)).contains(value);
  }

  @Override
  public Optional<byte[]> jsonl() {
    List<Entry> entries = entries();
    byte[] old = objects.get(LEGACY).orElse(new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(old);
    if (old.length > 0 && old[old.length - 1] != '\n') out.write('\n'); // a PUT is whole: an unended line is a line
    Map<String, Set<Long>> inOld = new HashMap<>();
    for (Entry e : entries) {
      if (inOld.computeIfAbsent(e.field(), f -> valuesIn(old, f)).contains(e.value())) continue;
      // gone since the listing: nobody deletes entries, so only a person tidying the bucket by hand
      objects.get(e.key()).ifPresent(line -> {
        out.writeBytes(line);
        out.write('\n');
      });
    }
    return out.size() == 0 ? Optional.empty() : Optional.of(out.toByteArray());
  }

  /** The entry objects, in {@link #ORDER}; other objects under {@code manifest/} are not entries and are left out. */
  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (String key : objects.list(DIR)) {
      Matcher m = ENTRY.matcher(key);
      if (m.matches()) entries.add(new Entry(m.group(1), Long.parseLong(m.group(2))));
    }
    entries.sort(ORDER);
    return entries;
  }

  private static Set<Long> valuesIn(byte[] jsonl, String field) {
    Set<Long> values = new HashSet<>();
    new String(jsonl, StandardCharsets.UTF_8).lines().forEach(line -> ManifestIndex.valueOf(line, field).ifPresent(values::add));
    return values;
  }

  private record Entry(String field, long value) {
    String key() {
      return DIR + field + "-" + value + ".json";
    }
  }
}
