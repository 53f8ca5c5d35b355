package ai.tao.benchmarks.docqa;

/** Fixed settings of the DocQA demo, shared by the base training, the measurements and the runs. */
public final class DocQaConfig {
  /** Seed of the dataset. */
  public static final long DATA_SEED = 11;
  /** Longest answer the model may write; the longest worked answer has 42 bytes. */
  public static final int MAX_ANSWER_TOKENS = 56;
  /** Classpath folder of the committed base checkpoint (written by {@link TrainDocQaBase}). */
  static final String BASE_RESOURCE = "/ai/tao/benchmarks/docqa/base/";

  private DocQaConfig() {}
}
