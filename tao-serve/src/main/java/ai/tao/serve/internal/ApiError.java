package ai.tao.serve.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HTTP error reply in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}: thrown
 * inside a request's handling and turned into the reply by the handler. Never escapes the server.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** OpenAI's error type of a request the client must fix. */
  public static final String INVALID_REQUEST = "invalid_request_error";
  /** OpenAI's error type of a missing or wrong API key. */
  public static final String AUTHENTICATION = "authentication_error";
  /** OpenAI's error type of a fault on the server's side. */
  public static final String SERVER = "server_error";

  private final int status;
  private final String type;
  private final String param;
  private final String code;

  public ApiError(int status, String type, String param, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** A 400 about one request field. */
  public static ApiError badField(String param, String message) {
    return new ApiError(400, INVALID_REQUEST, param, "invalid_value", message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /** The JSON body of the reply. */
  public ObjectNode body() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", getMessage());
    e.put("type", type);
    e.put("param", param);
    e.put("code", code);
    return root;
  }
}
