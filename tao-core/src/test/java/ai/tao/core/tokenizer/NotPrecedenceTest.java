package ai.tao.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotPrecedenceTest {

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        // Jinja: "not" takes everything up to and/or/if/else/comma/closing bracket.
        "{{ not x is none }} => {{ not (x is none) }}",
        "{%- if not tools is defined %} => {%- if not (tools is defined) %}",
        "{% if not a.b|length == 1 and c %} => {% if not (a.b|length == 1) and c %}",
        "{{ 'y' if not x is none else 'n' }} => {{ 'y' if not (x is none) else 'n' }}",
        "{{ f(not x is none, 2) }} => {{ f(not (x is none), 2) }}",
        "{{ not not x }} => {{ not (not (x)) }}",
        "{{ not (x or y) }} => {{ not ((x or y)) }}",
        // Left alone: "not in", "is not", words that merely contain "not", strings, comments, text.
        "{{ x not in y }} => {{ x not in y }}",
        "{{ x is not none }} => {{ x is not none }}",
        "{{ nothing is none }} => {{ nothing is none }}",
        "{{ 'not x is none' }} => {{ 'not x is none' }}",
        "{# not x is none #}not x is none => {# not x is none #}not x is none",
        "{% raw %}{{ not x is y }}{% endraw %} => {% raw %}{{ not x is y }}{% endraw %}",
        // Whitespace-control dashes stay next to their delimiters.
        "{%- if not x -%} => {%- if not (x) -%}",
      })
  void parenthesisesTheOperandOfNot(String source, String expected) {
    assertThat(NotPrecedence.rewrite(source)).isEqualTo(expected);
  }
}
