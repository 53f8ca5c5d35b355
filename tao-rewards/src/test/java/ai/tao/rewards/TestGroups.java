package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders of candidate groups and the small employee database the SQL tests share. */
public final class TestGroups {

  /**
   * Departments and employees. Salaries: Ada 9000, Bob 7000, Cy 5000, Di 6500, Eve 4000, Fay 7500.
   */
  public static final String EMPLOYEES_SQL = """
      CREATE TABLE departments(id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, city VARCHAR(40));
      CREATE TABLE employees(id INT PRIMARY KEY, name VARCHAR(40) NOT NULL,
          dept_id INT REFERENCES departments(id), salary INT, hired DATE);
      INSERT INTO departments VALUES (1, 'Engineering', 'Berlin'), (2, 'Sales', 'Paris'),
          (3, 'HR', 'Berlin');
      INSERT INTO employees VALUES
          (1, 'Ada', 1, 9000, DATE '2019-03-01'), (2, 'Bob', 1, 7000, DATE '2020-06-15'),
          (3, 'Cy', 2, 5000, DATE '2021-01-10'), (4, 'Di', 2, 6500, DATE '2018-11-30'),
          (5, 'Eve', 3, 4000, DATE '2022-02-01'), (6, 'Fay', 1, 7500, DATE '2023-05-05');
      """;

  private TestGroups() {}

  /** A completion whose token ids are its characters. */
  public static Completion completion(String text) {
    int[] ids = text.chars().toArray();
    float[] logProbs = new float[ids.length];
    Arrays.fill(logProbs, -1.0f);
    return new Completion(text, ids, logProbs, FinishReason.EOS);
  }

  /** A completion of {@code tokens} generated tokens, whatever its text length. */
  public static Completion tokens(String text, int tokens) {
    int[] ids = new int[tokens];
    float[] logProbs = new float[tokens];
    Arrays.fill(logProbs, -1.0f);
    return new Completion(text, ids, logProbs, FinishReason.EOS);
  }

  /** A group of text completions for a text prompt. */
  public static CandidateGroup group(String promptId, String question, String... texts) {
    List<Completion> candidates = new ArrayList<>();
    for (String t : texts) {
      candidates.add(completion(t));
    }
    return new CandidateGroup(Prompt.ofText(promptId, question), candidates);
  }

  /** A group of text completions for a prompt that does not matter to the scorer. */
  public static CandidateGroup texts(String... texts) {
    return group("p", "question", texts);
  }

  /** The values of {@code scores}. */
  public static double[] values(List<Score> scores) {
    return scores.stream().mapToDouble(Score::value).toArray();
  }

  /** A scorer named "broken" whose every call throws {@code e}. */
  public static Scorer failing(RuntimeException e) {
    return new Scorer() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        throw e;
      }
    };
  }
}
