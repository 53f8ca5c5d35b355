package ai.tao.rewards.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Bounded memory of recent consensus results, for spotting results that do not depend on the
 * question: for each of the last {@code capacity} prompts (least recently scored dropped first),
 * the hashes of the results that won its vote and the signature of the values its question named.
 * Thread-safe.
 */
final class ConsensusMemory {

  private record Entry(Set<String> resultHashes, String signature) {}

  private final int capacity;
  private final LinkedHashMap<String, Entry> entries;

  ConsensusMemory(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > ConsensusMemory.this.capacity;
      }
    };
  }

  /**
   * How many remembered prompts other than {@code promptId} had {@code resultHash} among their
   * consensus results while naming different values ({@code signature} differs).
   */
  synchronized int otherQuestionsWith(String resultHash, String promptId, String signature) {
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!e.getKey().equals(promptId) && !e.getValue().signature().equals(signature)
          && e.getValue().resultHashes().contains(resultHash)) {
        n++;
      }
    }
    return n;
  }

  /** Remembers the consensus of {@code promptId}, replacing what was remembered for it. */
  synchronized void remember(String promptId, Set<String> resultHashes, String signature) {
    entries.put(promptId, new Entry(Set.copyOf(resultHashes), signature));
  }

  synchronized int size() {
    return entries.size();
  }
}
