package ai.tao.benchmarks.demo;

import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlEvaluator;
import ai.tao.benchmarks.sql.SqlPromptFormat;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.core.train.SftTrainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/** Pieces every demo run shares: evaluation by execution, and SFT over labeled tasks. */
final class SqlRuns {
  /** Longest SQL the model may write; the longest gold query is well below. */
  static final int MAX_SQL_TOKENS = 128;

  private SqlRuns() {}

  static SamplingParams greedy() {
    return SamplingParams.builder().temperature(0).maxNewTokens(MAX_SQL_TOKENS).stopStrings(List.of("\n")).build();
  }

  /** Greedy SQL for each task. */
  static List<String> predict(DecoderPolicy policy, List<SqlTask> tasks) {
    List<List<Completion>> out = policy.sample(SqlDataset.prompts(tasks), greedy());
    List<String> sql = new ArrayList<>(tasks.size());
    for (List<Completion> c : out) {
      sql.add(SqlPromptFormat.extractSql(c.get(0).text()));
    }
    return sql;
  }

  /** Greedy pass@1 by execution against the gold SQL. */
  static double passAt1(DecoderPolicy policy, List<SqlTask> tasks, SqlEvaluator eval) {
    return eval.passAt1(predict(policy, tasks), tasks);
  }

  /** Majority vote over the execution results of n samples per task (TAO's sampler settings). */
  static double majorityAtN(DecoderPolicy policy, List<SqlTask> tasks, SqlEvaluator eval, int n, double temperature,
      int topK, double topP, long seed) {
    SamplingParams p = SamplingParams.builder().temperature(temperature).topK(topK).topP(topP).candidatesPerPrompt(n)
        .maxNewTokens(MAX_SQL_TOKENS).stopStrings(List.of("\n")).seed(seed).build();
    List<List<String>> cands = new ArrayList<>();
    for (List<Completion> group : policy.sample(SqlDataset.prompts(tasks), p)) {
      cands.add(group.stream().map(c -> SqlPromptFormat.extractSql(c.text())).toList());
    }
    return eval.majorityAtN(cands, tasks);
  }

  static List<LabeledExample> labeled(List<SqlTask> tasks) {
    List<LabeledExample> out = new ArrayList<>(tasks.size());
    for (SqlTask t : tasks) {
      out.add(new LabeledExample(Prompt.ofText(t.id(), SqlPromptFormat.render(t.question())),
          SqlPromptFormat.target(t.goldSql())));
    }
    return out;
  }

  /** {@code steps} SFT steps of {@code batch} examples drawn by shuffled passes over {@code data}. */
  static void sft(SftTrainer trainer, List<LabeledExample> data, int steps, int batch, long seed, IntConsumer onStep) {
    List<LabeledExample> order = new ArrayList<>(data);
    Random rnd = new Random(seed);
    Collections.shuffle(order, rnd);
    int at = 0;
    for (int s = 0; s < steps; s++) {
      List<LabeledExample> b = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        if (at == order.size()) {
          Collections.shuffle(order, rnd);
          at = 0;
        }
        b.add(order.get(at++));
      }
      trainer.step(b);
      onStep.accept(s);
    }
  }
}
