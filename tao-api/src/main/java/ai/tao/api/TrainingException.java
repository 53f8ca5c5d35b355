package ai.tao.api;

/**
 * Training diverged or hit an unrecoverable state (a NaN loss, say).
 *
 * @since 0.1
 */
public class TrainingException extends TaoException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
