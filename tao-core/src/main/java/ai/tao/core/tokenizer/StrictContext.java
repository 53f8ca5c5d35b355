package ai.tao.core.tokenizer;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Jinjava render context that remembers the filters and tests a template asked for and Jinjava
 * lacks. Jinjava renders {@code x | unknown_filter} as an empty string without reporting anything;
 * the caller turns the names recorded here into an error.
 *
 * <p>Scopes opened during rendering (loops, macros) are child contexts that look filters up through
 * this one, so every lookup passes here.
 */
final class StrictContext extends Context {

  private final Set<String> unknownFilters = new TreeSet<>();
  private final Set<String> unknownTests = new TreeSet<>();

  StrictContext(Context parent, Map<String, ?> bindings) {
    super(parent, bindings);
  }

  @Override
  public Filter getFilter(String name) {
    Filter filter = super.getFilter(name);
    if (filter == null) {
      unknownFilters.add(name);
    }
    return filter;
  }

  @Override
  public ExpTest getExpTest(String name) {
    ExpTest test = super.getExpTest(name);
    if (test == null) {
      unknownTests.add(name);
    }
    return test;
  }

  Set<String> unknownFilters() {
    return unknownFilters;
  }

  Set<String> unknownTests() {
    return unknownTests;
  }
}
