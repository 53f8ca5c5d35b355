package ai.tao.core.tokenizer;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.lang.reflect.Method;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders a conversation into the prompt text a chat model was trained on, with the checkpoint's
 * Jinja {@code chat_template} run by Jinjava, or with {@link #fallback()} when the checkpoint has
 * none.
 *
 * <p>A message is a map with a {@code "role"} string and usually a {@code "content"} string; other
 * keys are passed to the template untouched. Templates see the variables Hugging Face's {@code
 * apply_chat_template} gives them: {@code messages}, {@code add_generation_prompt}, {@code
 * bos_token}, {@code eos_token}, the functions {@code raise_exception(message)} and {@code
 * strftime_now(format)}, plus any extra variables passed to {@link #render(List, boolean, Map)}.
 *
 * <p>Jinjava is configured, and corrected where it differs, to render like transformers' Jinja
 * environment: {@code trim_blocks} and {@code lstrip_blocks} on; one trailing newline of the source
 * dropped (Jinja's {@code keep_trailing_newline=False}); {@code {{- x -}}} whitespace control
 * honoured; message text never re-interpreted as template code; {@code not} binding as loosely as
 * in Jinja ({@code not x is none} is {@code not (x is none)}, where Jinjava alone would read {@code
 * (not x) is none}); the Python {@code str} methods templates call ({@code startswith}, {@code
 * strip}, {@code split}, ...) and {@code dict.get(key, default)}; {@code tojson} writing what
 * Python's {@code json.dumps} writes; strings counting as {@code iterable}. Undefined variables
 * render as empty and are false in tests, as in Jinja.
 *
 * <p>Where Jinjava still cannot follow, rendering fails with a {@link ConfigurationException} that
 * names the template's origin and Jinjava's message, rather than producing different text: syntax
 * errors, unknown tags, functions, methods, filters and tests, and loop filters ({@code {% for m in
 * messages if m.role != 'system' %}}, which Jinjava would ignore). Known to fail this way: slices
 * with a step ({@code messages[::-1]}), {@code %} string formatting, backslash-u escapes in string
 * literals, arithmetic inside a keyword argument, and the {@code {% generation %}} tag. Rewrite such
 * a template and pass it to {@link #builder()}. Two differences stay silent: booleans print as
 * {@code true}/{@code false} (Python: {@code True}/{@code False}) and {@code none} prints as an
 * empty string (Python: {@code None}); templates rarely print either.
 *
 * <p>Encode the rendered text with {@link #encode}, which applies the rule Hugging Face uses: a
 * template writes the special tokens itself, so it is tokenized without adding any. Immutable and
 * thread-safe.
 *
 * @since 0.1
 */
public final class ChatTemplate {

  /**
   * Origin of {@link #fallback()}. Its format, one block per message and a trailing assistant header
   * when a generation prompt is asked for:
   *
   * <pre>
   * &lt;|system|&gt;
   * You are helpful.
   * &lt;|user|&gt;
   * Hi
   * &lt;|assistant|&gt;
   * </pre>
   */
  public static final String FALLBACK_ORIGIN = "TAO fallback chat format";

  private static final ChatTemplate FALLBACK = new ChatTemplate(null, null, FALLBACK_ORIGIN, "", "", null, true);

  private static final Set<String> RESERVED =
      Set.of("messages", "add_generation_prompt", "bos_token", "eos_token", "raise_exception", "strftime_now");

  /** A {@code for} tag whose header holds an {@code if}: a Jinja loop filter. */
  private static final Pattern FOR_TAG = Pattern.compile("\\{%[-+]?\\s*for\\s((?:(?!%}).)*)%}", Pattern.DOTALL);

  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern IF_WORD = Pattern.compile("\\bif\\b");

  /** As given; {@link #jinja} is what Jinjava runs. */
  private final String source;

  private final String jinja;
  private final String origin;
  private final String bosToken;
  private final String eosToken;
  private final Jinjava jinjava;
  private final boolean tokenizerAddsSpecialTokens;

  private ChatTemplate(String source, String jinja, String origin, String bosToken, String eosToken, Jinjava jinjava,
      boolean tokenizerAddsSpecialTokens) {
    this.source = source;
    this.jinja = jinja;
    this.origin = origin;
    this.bosToken = bosToken;
    this.eosToken = eosToken;
    this.jinjava = jinjava;
    this.tokenizerAddsSpecialTokens = tokenizerAddsSpecialTokens;
  }

  /** Starts a template from Jinja source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The format used when a checkpoint has no chat template (see {@link #FALLBACK_ORIGIN}). It writes
   * no special tokens, so {@link #encode} lets the tokenizer add them (BOS for Llama).
   */
  public static ChatTemplate fallback() {
    return FALLBACK;
  }

  /**
   * The chat template of a tokenizer's checkpoint, or {@link #fallback()} if it has none (a
   * checkpoint without {@code chat_template}, or a {@link ByteTokenizer}).
   *
   * @throws ConfigurationException if the checkpoint's template does not parse under Jinjava
   */
  public static ChatTemplate forTokenizer(TextTokenizer tokenizer) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    return tokenizer.chatTemplate().orElse(FALLBACK);
  }

  /** Whether this is {@link #fallback()}. */
  public boolean isFallback() {
    return jinjava == null;
  }

  /** The Jinja source; empty for {@link #fallback()}. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Where the template came from, for messages: a file, or {@link #FALLBACK_ORIGIN}. */
  public String origin() {
    return origin;
  }

  /**
   * Renders a conversation.
   *
   * @param messages the conversation, each a map with at least a {@code "role"} string
   * @param addGenerationPrompt whether to end with the header that starts the assistant's reply
   * @return the prompt text
   * @throws ConfigurationException if the template fails (including by {@code raise_exception},
   *     e.g. roles that do not alternate)
   * @throws IllegalArgumentException if a message is null or lacks a role
   */
  public String render(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt) {
    return render(messages, addGenerationPrompt, Map.of());
  }

  /**
   * Renders a conversation with extra template variables (for instance {@code tools}, or {@code
   * enable_thinking} for Qwen 3).
   *
   * @param variables more variables; may not redefine {@code messages}, {@code
   *     add_generation_prompt}, {@code bos_token}, {@code eos_token}, {@code raise_exception} or
   *     {@code strftime_now}
   */
  public String render(
      List<? extends Map<String, ?>> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(variables, "variables");
    checkMessages(messages);
    if (isFallback()) {
      return renderFallback(messages, addGenerationPrompt);
    }
    for (String name : variables.keySet()) {
      if (RESERVED.contains(name)) {
        throw new ConfigurationException("variable " + name + " is set by ChatTemplate itself");
      }
    }
    Map<String, Object> bindings = new HashMap<>(variables);
    bindings.put("messages", messages);
    bindings.put("add_generation_prompt", addGenerationPrompt);
    bindings.put("bos_token", bosToken);
    bindings.put("eos_token", eosToken);
    // Templates test "strftime_now is defined" (Llama 3.1) before calling it. Jinjava keeps
    // functions apart from variables, so bind the names too; calls still go to the functions.
    bindings.put("raise_exception", "<function raise_exception>");
    bindings.put("strftime_now", "<function strftime_now>");
    return run(bindings, false);
  }

  /**
   * Renders a conversation and tokenizes it: without added special tokens for a Jinja template
   * (it writes BOS and the like itself, as in Hugging Face's {@code apply_chat_template}), with
   * them for {@link #fallback()} and for a template built with {@link
   * Builder#tokenizerAddsSpecialTokens(boolean) tokenizerAddsSpecialTokens(true)}.
   */
  public int[] encode(
      TextTokenizer tokenizer, List<? extends Map<String, ?>> messages, boolean addGenerationPrompt) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    return tokenizer.encode(render(messages, addGenerationPrompt), tokenizerAddsSpecialTokens);
  }

  @Override
  public String toString() {
    return "ChatTemplate[" + origin + "]";
  }

  private static void checkMessages(List<? extends Map<String, ?>> messages) {
    for (int i = 0; i < messages.size(); i++) {
      Map<String, ?> message = messages.get(i);
      if (message == null) {
        throw new DataInputException("message " + i + " is null");
      }
      if (!(message.get("role") instanceof String)) {
        throw new DataInputException("message " + i + " has no \"role\" string: " + message);
      }
    }
  }

  private static String renderFallback(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      Map<String, ?> message = messages.get(i);
      Object content = message.get("content");
      if (content != null && !(content instanceof String)) {
        throw new IllegalArgumentException(
            "message " + i + ": the fallback chat format takes text content only, found "
                + content.getClass().getSimpleName());
      }
      out.append("<|").append(message.get("role")).append("|>\n");
      out.append(content == null ? "" : content).append('\n');
    }
    if (addGenerationPrompt) {
      out.append("<|assistant|>\n");
    }
    return out.toString();
  }

  /** Renders (or, with {@code parseOnly}, parses) and turns every Jinjava complaint into an error. */
  private String run(Map<String, Object> bindings, boolean parseOnly) {
    StrictContext context = new StrictContext(jinjava.getGlobalContextCopy(), bindings);
    JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, jinjava.getGlobalConfig());
    JinjavaInterpreter.pushCurrent(interpreter);
    String output;
    try {
      if (parseOnly) {
        interpreter.parse(jinja);
        output = "";
      } else {
        output = interpreter.render(jinja);
      }
    } catch (RaisedByTemplate e) {
      throw raised(e);
    } catch (RuntimeException e) {
      RaisedByTemplate raised = findRaised(e);
      if (raised != null) {
        throw raised(raised);
      }
      throw new ConfigurationException(
          "Chat template from " + origin + " failed under Jinjava: " + e.getMessage(), e);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    List<String> problems = new ArrayList<>();
    for (TemplateError error : interpreter.getErrorsCopy()) {
      RaisedByTemplate raised = findRaised(error.getException());
      if (raised != null) {
        throw raised(raised);
      }
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        problems.add("line " + error.getLineno() + ": " + error.getMessage());
      }
    }
    if (!context.unknownFilters().isEmpty()) {
      problems.add("unknown filter(s) " + context.unknownFilters());
    }
    if (!context.unknownTests().isEmpty()) {
      problems.add("unknown test(s) " + context.unknownTests());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(
          "Chat template from " + origin + " cannot be " + (parseOnly ? "parsed" : "rendered")
              + " by Jinjava: " + String.join("; ", problems)
              + ". Jinjava lacks some Python/Jinja2 features (see ChatTemplate's Javadoc); "
              + "rewrite the template and pass it to ChatTemplate.builder().");
    }
    return output;
  }

  private ConfigurationException raised(RaisedByTemplate e) {
    return new ConfigurationException(
        "Chat template from " + origin + " rejected the conversation: " + e.getMessage(), e);
  }

  private static RaisedByTemplate findRaised(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RaisedByTemplate raised) {
        return raised;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static Jinjava newJinjava() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonMethodsResolver());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            // transformers compiles templates with trim_blocks=True, lstrip_blocks=True.
            .withTrimBlocks(true)
            .withLstripBlocks(true)
            // Message text containing "{{" must stay text.
            .withNestedInterpretationEnabled(false)
            // HF templates probe variables that may be missing (tools, documents, ...).
            .withFailOnUnknownTokens(false)
            .withElResolver(resolver)
            .withLegacyOverrides(
                LegacyOverrides.newBuilder()
                    // Without it Jinjava ignores the '-' of {{- x -}}.
                    .withUseTrimmingForNotesAndExpressions(true)
                    .withUseNaturalOperatorPrecedence(true)
                    // Lists print as ['a', 'b'] as in Python, not as Java arrays.
                    .withUsePyishObjectMapper(true)
                    .build())
            .build();
    Jinjava jinjava = new Jinjava(config);
    jinjava.registerFunction(function("raise_exception", "raiseException"));
    jinjava.registerFunction(function("strftime_now", "strftimeNow"));
    jinjava.registerFilter(new PythonJsonFilter());
    jinjava.registerExpTest(new PythonIterableTest("iterable"));
    jinjava.registerExpTest(new PythonIterableTest("sequence"));
    return jinjava;
  }

  private static ELFunctionDefinition function(String name, String javaName) {
    try {
      Method method = ChatTemplate.class.getDeclaredMethod(javaName, String.class);
      method.setAccessible(true);
      return new ELFunctionDefinition("", name, method);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused") // called by templates
  private static String raiseException(String message) {
    throw new RaisedByTemplate(message);
  }

  @SuppressWarnings("unused") // called by templates, as transformers provides it
  private static String strftimeNow(String format) {
    return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.US);
  }

  /** Jinja's default {@code keep_trailing_newline=False} drops one newline at the end. */
  private static String dropTrailingNewline(String source) {
    if (source.endsWith("\r\n")) {
      return source.substring(0, source.length() - 2);
    }
    return source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
  }

  private static void rejectLoopFilters(String source, String origin) {
    Matcher tag = FOR_TAG.matcher(source);
    while (tag.find()) {
      String header = STRING_LITERAL.matcher(tag.group(1)).replaceAll("''");
      if (IF_WORD.matcher(header).find()) {
        long line = source.substring(0, tag.start()).chars().filter(c -> c == '\n').count() + 1;
        throw new ConfigurationException(
            "Chat template from " + origin + ", line " + line + ": the loop filter in '"
                + tag.group().replaceAll("\\s+", " ")
                + "' is ignored by Jinjava (it would loop over every item); rewrite it as "
                + "{% for ... %}{% if ... %}...{% endif %}{% endfor %} and pass the template to "
                + "ChatTemplate.builder()");
      }
    }
  }

  /** Thrown by the template function {@code raise_exception}. */
  private static final class RaisedByTemplate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RaisedByTemplate(String message) {
      super(message);
    }
  }

  /**
   * Builds a {@link ChatTemplate} from Jinja source. {@link #build()} parses the template, so syntax
   * errors surface there rather than at the first render.
   */
  public static final class Builder {
    private String source;
    private String origin = "a chat template given in code";
    private String bosToken = "";
    private String eosToken = "";
    private boolean tokenizerAddsSpecialTokens;

    private Builder() {}

    /** The Jinja source, as in {@code tokenizer_config.json}'s {@code chat_template}. Required. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Where the source came from, named in error messages. Default: "a chat template given in code". */
    public Builder origin(String origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /** Text of the tokenizer's BOS token, bound to {@code bos_token}. Default: empty. */
    public Builder bosToken(String bosToken) {
      this.bosToken = Objects.requireNonNull(bosToken, "bosToken");
      return this;
    }

    /** Text of the tokenizer's EOS token, bound to {@code eos_token}. Default: empty. */
    public Builder eosToken(String eosToken) {
      this.eosToken = Objects.requireNonNull(eosToken, "eosToken");
      return this;
    }

    /**
     * Whether {@link #encode} lets the tokenizer add its special tokens (BOS) around the rendered
     * text, for a tokenizer whose special tokens have no text a template could write (the {@link
     * ByteTokenizer}). Default: false, as for Hugging Face templates, which write BOS themselves.
     *
     * @since 0.5
     */
    public Builder tokenizerAddsSpecialTokens(boolean adds) {
      this.tokenizerAddsSpecialTokens = adds;
      return this;
    }

    /**
     * Parses the template.
     *
     * @throws ConfigurationException if no source was given, or it does not parse under Jinjava, or
     *     it uses a loop filter
     */
    public ChatTemplate build() {
      if (source == null) {
        throw new ConfigurationException("ChatTemplate.builder(): source(...) is required");
      }
      String jinja = NotPrecedence.rewrite(dropTrailingNewline(source));
      rejectLoopFilters(jinja, origin);
      ChatTemplate template = new ChatTemplate(source, jinja, origin, bosToken, eosToken, newJinjava(),
          tokenizerAddsSpecialTokens);
      template.run(Map.of(), true);
      return template;
    }
  }
}
