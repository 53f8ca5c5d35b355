package ai.tao.api;

/**
 * Root of every exception TAO throws. Unchecked: callers catch the subclass they can act on.
 *
 * <p>Messages say what was wrong, where (a file and line, a scorer's name, a tensor's name) and what
 * to do about it.
 *
 * @since 0.1
 */
public class TaoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaoException(String message) {
    super(message);
  }

  public TaoException(String message, Throwable cause) {
    super(message, cause);
  }
}
