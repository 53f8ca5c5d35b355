package ai.tao.api;

/**
 * A model folder, checkpoint, config or tokenizer could not be read or does not match what it claims.
 *
 * @since 0.1
 */
public class ModelLoadException extends TaoException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
