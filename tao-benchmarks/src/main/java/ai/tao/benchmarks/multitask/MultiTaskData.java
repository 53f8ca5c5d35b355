package ai.tao.benchmarks.multitask;

import ai.tao.api.Prompt;
import ai.tao.benchmarks.demo.DemoConfig;
import ai.tao.benchmarks.docqa.DocQaConfig;
import ai.tao.benchmarks.docqa.DocQaDataset;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.core.train.LabeledExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two demo tasks side by side: text-to-SQL and document QA, each with its own documentation
 * labels and production prompts. Every TAO prompt carries its task in the metadata key {@value
 * #TASK_KEY} ({@value #SQL} or {@value DocQaDataset#TASK}), which the router reads; nothing else of
 * a prompt changes.
 */
public record MultiTaskData(SqlDataset sql, DocQaDataset docqa) {
  public static final String TASK_KEY = DocQaDataset.TASK_KEY;
  public static final String SQL = "sql";
  /**
   * Times the SQL documentation pairs are repeated in the multi-task base's training data: 600 SQL
   * against 4,000 document-QA pairs would leave SQL an eighth of the batches; three copies give it
   * about a third.
   */
  static final int SQL_REPEATS = 3;

  /** Both demos' datasets, from their fixed seeds. */
  public static MultiTaskData generate() {
    return new MultiTaskData(SqlDataset.generate(DemoConfig.DATA_SEED), DocQaDataset.generate(DocQaConfig.DATA_SEED));
  }

  /** The multi-task base's training data: both tasks' docTrain labels (SQL's repeated), interleaved. */
  public List<LabeledExample> docTrainLabels() {
    List<LabeledExample> out = new ArrayList<>(DocQaDataset.sftExamples(docqa.docTrain()));
    for (int r = 0; r < SQL_REPEATS; r++) {
      out.addAll(SqlDataset.sftExamples(sql.docTrain()));
    }
    return out; // the SFT trainer shuffles
  }

  /**
   * The label baseline's data: {@link #docTrainLabels()} and both tasks' docExtra labels, SQL's
   * repeated as in the base's mix. The base is validated on the first 200 docExtra questions of each
   * task; this baseline may train on them, as each single-task demo's does.
   */
  public List<LabeledExample> moreDocLabels() {
    List<LabeledExample> out = new ArrayList<>(docTrainLabels());
    out.addAll(DocQaDataset.sftExamples(docqa.docExtra()));
    for (int r = 0; r < SQL_REPEATS; r++) {
      out.addAll(SqlDataset.sftExamples(sql.docExtra()));
    }
    return out;
  }

  /** TAO's prompts: both tasks' production training questions, each with its task in the metadata. */
  public List<Prompt> prodTrainPrompts() {
    List<Prompt> out = new ArrayList<>();
    for (Prompt p : sql.prodTrainPrompts()) {
      Map<String, String> meta = new HashMap<>(p.metadata());
      meta.put(TASK_KEY, SQL);
      out.add(new Prompt(p.id(), p.text(), p.messages(), meta));
    }
    out.addAll(docqa.prodTrainPrompts()); // already carry task=docqa
    return out;
  }
}
