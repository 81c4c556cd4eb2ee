package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.ledger.Batch;
import java.util.List;

/** Finds a batch by id or unique prefix, with a message that helps when it cannot. */
final class Batches {
  private Batches() {}

  static Batch find(List<Batch> batches, String idOrPrefix, String db) {
    List<Batch> exact = batches.stream().filter(b -> b.id().equals(idOrPrefix)).toList();
    if (exact.size() == 1) return exact.get(0);
    List<Batch> prefixed = batches.stream().filter(b -> b.id().startsWith(idOrPrefix)).toList();
    if (prefixed.size() == 1) return prefixed.get(0);
    if (prefixed.isEmpty()) {
      throw new WinnowException("no batch '" + idOrPrefix + "' in " + db + " (run 'winnow report' to list them)", WinnowException.USAGE);
    }
    throw new WinnowException("'" + idOrPrefix + "' matches " + prefixed.size() + " batches in " + db + "; give more of the id", WinnowException.USAGE);
  }
}
