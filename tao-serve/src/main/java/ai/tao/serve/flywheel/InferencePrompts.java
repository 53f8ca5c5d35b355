package ai.tao.serve.flywheel;

import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import java.util.Optional;

/**
 * The prompt a client sent, read back from one inference table row's columns ({@code id}, {@code
 * endpoint}, {@code model_version}, {@code request_json}) exactly as the flywheel reads it: for a
 * reader of the table other than {@link TablePromptSource}, such as a Spark job over its JDBC source.
 * The response and the feedback are never read.
 *
 * @since 0.5
 */
public final class InferencePrompts {
  private final RowPrompts rows = new RowPrompts();

  /**
   * The row's prompt, id {@code row-<id>}, with provenance metadata only ({@code row_id}, {@code
   * model_version}); empty when there is nothing to tune on (a blank prompt, or a conversation that
   * ends with an assistant turn).
   *
   * @throws DataInputException naming the row if its endpoint is unknown or its request cannot be read
   */
  public Optional<Prompt> prompt(long rowId, String endpoint, String modelVersion, String requestJson) {
    try {
      return rows.prompt(rowId, endpoint, modelVersion, requestJson);
    } catch (RowPrompts.MalformedRow e) {
      throw new DataInputException("inference table row " + rowId + " cannot be read as a prompt: " + e.getMessage()
          + "; skip malformed rows, or remove the row");
    }
  }
}
