package ai.tao.benchmarks.demo;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scorer that forwards everything to another, for wrappers that watch or add one thing (an audit,
 * a measurement, resources to close) and must not change what the loop sees.
 */
public abstract class ForwardingScorer implements Scorer {
  protected final Scorer delegate;

  protected ForwardingScorer(Scorer delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    return delegate.score(group);
  }

  @Override
  public Optional<String> answerOf(Prompt prompt, Completion candidate) {
    return delegate.answerOf(prompt, candidate);
  }

  @Override
  public Map<String, Double> drainCounters() {
    return delegate.drainCounters();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
