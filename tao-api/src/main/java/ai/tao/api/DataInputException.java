package ai.tao.api;

/**
 * Input data (prompt files, JSONL lines, datasets) is malformed or empty.
 *
 * @since 0.1
 */
public class DataInputException extends TaoException {
  private static final long serialVersionUID = 1L;

  public DataInputException(String message) {
    super(message);
  }

  public DataInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
