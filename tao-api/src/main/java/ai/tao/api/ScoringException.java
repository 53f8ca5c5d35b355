package ai.tao.api;

/**
 * A scorer or reward plugin failed, or could not be found or created.
 *
 * @since 0.1
 */
public class ScoringException extends TaoException {
  private static final long serialVersionUID = 1L;

  public ScoringException(String message) {
    super(message);
  }

  public ScoringException(String message, Throwable cause) {
    super(message, cause);
  }
}
