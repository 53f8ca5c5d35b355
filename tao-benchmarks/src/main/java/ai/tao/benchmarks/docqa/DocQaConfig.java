package ai.tao.benchmarks.docqa;

/** Fixed settings of the DocQA demo, shared by the base training, the measurements and the runs. */
final class DocQaConfig {
  /** Seed of the dataset. */
  static final long DATA_SEED = 11;
  /** Longest answer the model may write; the longest worked answer has 42 bytes. */
  static final int MAX_ANSWER_TOKENS = 56;
  /** Classpath folder of the committed base checkpoint (written by {@link TrainDocQaBase}). */
  static final String BASE_RESOURCE = "/ai/tao/benchmarks/docqa/base/";

  private DocQaConfig() {}
}
