package ai.tao.api;

/**
 * Sampling from a policy failed (the native engine ran out of memory, a tokenizer refused an id, a
 * remote policy did not answer).
 *
 * @since 0.2
 */
public class GenerationException extends TaoException {
  private static final long serialVersionUID = 1L;

  public GenerationException(String message) {
    super(message);
  }

  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
