package ai.tao.benchmarks.demo;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlTask;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Counts labels reaching the TAO loop: every prompt handed to it (through the prompt source) and
 * every prompt a scorer receives is checked for any label of the dataset, in its text or its
 * metadata. The demos report the count as {@code labels_seen_by_tao}; it must be 0.
 */
public final class LabelAudit {
  private final Set<String> labels;
  private final AtomicLong seen = new AtomicLong();

  /**
   * An audit for {@code labels}: texts no prompt may carry, such as gold SQL queries, or a question
   * with its answer appended.
   */
  public LabelAudit(Collection<String> labels) {
    this.labels = Set.copyOf(labels);
  }

  /** An audit for the gold SQL of {@code allTasks}. */
  public static LabelAudit forSql(Collection<SqlTask> allTasks) {
    return new LabelAudit(allTasks.stream().map(SqlTask::goldSql).collect(Collectors.toSet()));
  }

  /** Labels seen so far. */
  public long labelsSeen() {
    return seen.get();
  }

  /** Whether a prompt carries a label anywhere. */
  public boolean carriesLabel(Prompt p) {
    StringBuilder all = new StringBuilder();
    p.textOpt().ifPresent(all::append);
    p.messages().forEach(m -> all.append('\n').append(m.content()));
    for (Map.Entry<String, String> e : p.metadata().entrySet()) {
      all.append('\n').append(e.getKey()).append('=').append(e.getValue());
    }
    String text = all.toString();
    return labels.stream().anyMatch(text::contains);
  }

  private void check(Prompt p) {
    if (carriesLabel(p)) {
      seen.incrementAndGet();
    }
  }

  /** The source, with every prompt it serves audited. */
  public PromptSource watch(PromptSource source) {
    return new PromptSource() {
      @Override
      public List<Prompt> prompts(int round) {
        List<Prompt> ps = source.prompts(round);
        ps.forEach(LabelAudit.this::check);
        return ps;
      }

      @Override
      public String describe() {
        return source.describe() + " (label-audited)";
      }
    };
  }

  /** The scorer, with every group's prompt audited before scoring. */
  public Scorer watch(Scorer scorer) {
    return new ForwardingScorer(scorer) {
      @Override
      public List<Score> score(CandidateGroup group) {
        check(group.prompt());
        return delegate.score(group);
      }
    };
  }
}
