package ai.tao.core.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.Map;

/**
 * The {@code iterable} and {@code sequence} tests as Jinja defines them: true for strings, lists
 * and dicts. Jinjava says false for strings, and Llama 3.1's template branches on {@code
 * message.content is iterable} to decide whether a tool result is written as JSON.
 */
final class PythonIterableTest implements ExpTest {

  private final String name;

  PythonIterableTest(String name) {
    this.name = name;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
    return value instanceof CharSequence
        || value instanceof Iterable<?>
        || value instanceof Map<?, ?>
        || (value != null && value.getClass().isArray());
  }
}
