package ai.tao.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatTemplateTest {

  /**
   * One case of {@code tokenizer/chat/cases.json}. The expectations there are written by hand from
   * the templates' meaning and checked against Python's Jinja2 by {@code render_reference.py} next
   * to it.
   */
  record Case(
      String name,
      String template,
      String bos_token,
      String eos_token,
      boolean add_generation_prompt,
      List<Map<String, Object>> messages,
      Map<String, Object> variables,
      String expected,
      String expected_error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases =
        new ObjectMapper().readValue(chatResource("cases.json").toFile(), new TypeReference<List<Case>>() {});
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeJinja2(Case c) {
    ChatTemplate template = template(c.template(), c.bos_token(), c.eos_token());
    Map<String, Object> variables = c.variables() == null ? Map.of() : c.variables();
    if (c.expected_error() != null) {
      assertThatThrownBy(() -> template.render(c.messages(), c.add_generation_prompt(), variables))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(c.expected_error())
          .hasMessageContaining(c.template());
    } else {
      assertThat(template.render(c.messages(), c.add_generation_prompt(), variables)).isEqualTo(c.expected());
    }
  }

  @Test
  void chatMlExampleFromTheBrief() {
    ChatTemplate chatMl = template("chatml.jinja", "", "<|im_end|>");
    String prompt =
        chatMl.render(
            List.of(Map.of("role", "system", "content", "You are helpful."), Map.of("role", "user", "content", "Hi")),
            true);
    assertThat(prompt)
        .isEqualTo("<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void rendersFromSeveralThreads() {
    ChatTemplate chatMl = template("chatml.jinja", "", "<|im_end|>");
    List<String> prompts =
        java.util.stream.IntStream.range(0, 200)
            .parallel()
            .mapToObj(i -> chatMl.render(List.of(Map.of("role", "user", "content", "m" + i)), true))
            .toList();
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(prompts.get(i)).contains("<|im_start|>user\nm" + i + "<|im_end|>");
    }
  }

  @Test
  void syntaxErrorsSurfaceAtBuildTime() {
    assertThatThrownBy(() -> ChatTemplate.builder().source("{% if x %}open").origin("broken.jinja").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("broken.jinja")
        .hasMessageContaining("endif");
  }

  @Test
  void unknownFilterIsAnErrorNotAnEmptyString() {
    ChatTemplate template =
        ChatTemplate.builder().source("{{ messages[0]['content'] | shout }}").origin("filters.jinja").build();
    assertThatThrownBy(() -> template.render(List.of(Map.of("role", "user", "content", "hi")), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("filters.jinja")
        .hasMessageContaining("shout");
  }

  @Test
  void unknownTestIsAnError() {
    ChatTemplate template = ChatTemplate.builder().source("{% if messages is shouting %}x{% endif %}").build();
    assertThatThrownBy(() -> template.render(List.of(Map.of("role", "user", "content", "hi")), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("shouting");
  }

  @Test
  void unknownPythonMethodIsAnError() {
    ChatTemplate template =
        ChatTemplate.builder().source("{{ messages[0]['content'].casefold() }}").origin("methods.jinja").build();
    assertThatThrownBy(() -> template.render(List.of(Map.of("role", "user", "content", "hi")), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("methods.jinja")
        .hasMessageContaining("casefold");
  }

  @Test
  void loopFiltersAreRejectedBecauseJinjavaIgnoresThem() {
    assertThatThrownBy(
            () ->
                ChatTemplate.builder()
                    .source("{% for m in messages if m.role != 'system' %}{{ m.content }}{% endfor %}")
                    .origin("loopfilter.jinja")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loopfilter.jinja")
        .hasMessageContaining("line 1")
        .hasMessageContaining("loop filter");
  }

  @Test
  void ifInsideAStringOfAForTagIsNotALoopFilter() {
    ChatTemplate template =
        ChatTemplate.builder().source("{% for m in ['a if b', 'c'] %}{{ m }};{% endfor %}").build();
    assertThat(template.render(List.of(), false)).isEqualTo("a if b;c;");
  }

  /** Expected text checked with Python's Jinja2 (as are the two tests below). */
  @Test
  void pythonStringMethods() {
    String source =
        "{{ ' a b '.split() }}|{{ 'a.b.c'.split('.', 1) }}|{{ 'xxhixx'.strip('x') }}|{{ '  hi'.lstrip() }}|"
            + "{{ 'hi  '.rstrip() }}|{{ 'Hi'.upper() }}{{ 'Hi'.lower() }}|{{ 'hello world'.title() }}|"
            + "{{ 'hELLO'.capitalize() }}|{{ 'aaa'.replace('a', 'b', 2) }}|{{ ', '.join(['x', 'y']) }}|"
            + "{{ 'yes' if 'abc'.startswith(('z', 'a')) else 'no' }}|{{ 'abc'[-1] }}";
    ChatTemplate template = ChatTemplate.builder().source(source).build();
    assertThat(template.render(List.of(), false))
        .isEqualTo("['a', 'b']|['a', 'b.c']|hi|hi|hi|HIhi|Hello World|Hello|bba|x, y|yes|c");
  }

  @Test
  void tojsonWritesWhatPythonJsonDumpsWrites() {
    ChatTemplate template =
        ChatTemplate.builder().source("{{ tools | tojson }}|{{ tools[0] | tojson(indent=2) }}").build();
    Map<String, Object> tool = new java.util.LinkedHashMap<>();
    tool.put("name", "get \"weather\"");
    tool.put("args", List.of(1, 2.5, true));
    tool.put("none", null);
    String rendered = template.render(List.of(), false, Map.of("tools", List.of(tool)));
    assertThat(rendered)
        .isEqualTo(
            "[{\"name\": \"get \\\"weather\\\"\", \"args\": [1, 2.5, true], \"none\": null}]|"
                + "{\n  \"name\": \"get \\\"weather\\\"\",\n  \"args\": [\n    1,\n    2.5,\n    true\n  ],\n"
                + "  \"none\": null\n}");
  }

  @Test
  void strftimeNowIsDefinedAndCallable() {
    ChatTemplate template =
        ChatTemplate.builder()
            .source("{% if strftime_now is defined %}{{ strftime_now('%Y-%m-%d') }}{% endif %}")
            .build();
    assertThat(template.render(List.of(), false)).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void sourceIsKeptAsGiven() {
    String source = "{{ not messages is none }}\n";
    assertThat(ChatTemplate.builder().source(source).build().source()).hasValue(source);
  }

  @Test
  void oneTrailingNewlineOfTheSourceIsDropped() {
    ChatTemplate template = ChatTemplate.builder().source("{{ messages | length }}\n\n").build();
    assertThat(template.render(List.of(Map.of("role", "user", "content", "x")), false)).isEqualTo("1\n");
  }

  @Test
  void fallbackFormat() {
    ChatTemplate fallback = ChatTemplate.fallback();
    List<Map<String, String>> messages =
        List.of(Map.of("role", "system", "content", "You are helpful."), Map.of("role", "user", "content", "Hi"));
    assertThat(fallback.render(messages, true)).isEqualTo("<|system|>\nYou are helpful.\n<|user|>\nHi\n<|assistant|>\n");
    assertThat(fallback.render(messages, false)).isEqualTo("<|system|>\nYou are helpful.\n<|user|>\nHi\n");
    assertThat(fallback.isFallback()).isTrue();
    assertThat(fallback.source()).isEmpty();
  }

  @Test
  void byteTokenizerGetsTheFallbackAndItsSpecialTokens() {
    ByteTokenizer tokenizer = ByteTokenizer.create();
    ChatTemplate template = ChatTemplate.forTokenizer(tokenizer);
    assertThat(template.isFallback()).isTrue();
    int[] ids = template.encode(tokenizer, List.of(Map.of("role", "user", "content", "Hi")), true);
    assertThat(ids[0]).isEqualTo(ByteTokenizer.BOS_ID);
    assertThat(tokenizer.decode(ids, true)).isEqualTo("<|user|>\nHi\n<|assistant|>\n");
  }

  @Test
  void rejectsMessagesWithoutRole() {
    ChatTemplate template = template("chatml.jinja", "", "");
    assertThatThrownBy(() -> template.render(List.of(Map.of("content", "Hi")), true))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("message 0");
  }

  @Test
  void rejectsVariablesThatWouldShadowTheStandardOnes() {
    ChatTemplate template = template("chatml.jinja", "", "");
    assertThatThrownBy(() -> template.render(List.of(), true, Map.of("bos_token", "<x>")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bos_token");
  }

  static ChatTemplate template(String file, String bos, String eos) {
    Path path = chatResource(file);
    try {
      return ChatTemplate.builder()
          .source(Files.readString(path, StandardCharsets.UTF_8))
          .origin(path.toString())
          .bosToken(bos)
          .eosToken(eos)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path chatResource(String name) {
    try {
      return Path.of(ChatTemplateTest.class.getResource("/tokenizer/chat/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
