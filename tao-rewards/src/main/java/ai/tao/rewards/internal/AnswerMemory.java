package ai.tao.rewards.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bounded memory of the answers that won recent prompts' votes, for the question-independence rule
 * of the agreement scorers: an answer that also won the vote of several <em>other</em> questions
 * does not depend on the question (one answer for every question is the fixed point that
 * majority-vote self-training drifts to).
 *
 * <p>For each of the last {@code capacity} prompts (the least recently scored is dropped first) it
 * keeps the answers that won its vote (an answer text, a result's hash) and a signature of what its
 * question asks (its text, or the values it names). Another prompt counts as a different question
 * when both its id and its signature differ, so a prompt scored again, or a duplicate of the same
 * question under another id, is no evidence; a scorer that wants signature-less questions to carry
 * no evidence gives them all the same signature. A capacity of 0 remembers nothing. Thread-safe.
 */
public final class AnswerMemory {

  private record Entry(Set<String> answers, String signature) {}

  private final int capacity;
  private final LinkedHashMap<String, Entry> entries;

  /**
   * @param capacity prompts remembered, ≥ 0
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public AnswerMemory(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > AnswerMemory.this.capacity;
      }
    };
  }

  /**
   * For each of {@code winners}, how many remembered different questions it also won (counted
   * before this prompt is remembered); then remembers {@code winners} for {@code promptId},
   * replacing what was remembered for it. One atomic step, so concurrent groups neither miss nor
   * double-count each other.
   *
   * @param promptId the prompt whose vote {@code winners} won
   * @param signature what the prompt's question asks; prompts with equal signatures are not
   *     different questions
   * @return every winner with its count, in the winners' natural order
   */
  public synchronized Map<String, Integer> recall(String promptId, String signature, Set<String> winners) {
    Map<String, Integer> others = new TreeMap<>();
    for (String answer : winners) {
      others.put(answer, otherQuestionsWith(answer, promptId, signature));
    }
    entries.put(promptId, new Entry(Set.copyOf(winners), signature));
    return others;
  }

  private int otherQuestionsWith(String answer, String promptId, String signature) {
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!e.getKey().equals(promptId) && !e.getValue().signature().equals(signature)
          && e.getValue().answers().contains(answer)) {
        n++;
      }
    }
    return n;
  }

  /** Prompts remembered now. */
  public synchronized int size() {
    return entries.size();
  }
}
