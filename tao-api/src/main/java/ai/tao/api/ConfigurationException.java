package ai.tao.api;

/**
 * A value given to a builder or a config file is invalid or inconsistent.
 *
 * @since 0.1
 */
public class ConfigurationException extends TaoException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
