package ai.tao.api;

/**
 * A run's output (a checkpoint, a metrics file, a report) could not be written, or would overwrite
 * the output of another run.
 *
 * @since 0.2
 */
public class OutputException extends TaoException {
  private static final long serialVersionUID = 1L;

  public OutputException(String message) {
    super(message);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
