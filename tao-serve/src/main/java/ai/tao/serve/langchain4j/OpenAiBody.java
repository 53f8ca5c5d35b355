package ai.tao.serve.langchain4j;

import ai.tao.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A langchain4j {@link ChatRequest} as the body an OpenAI client sends to the gateway's {@code POST
 * /v1/chat/completions}: the one mapping from langchain4j to the project's chat prompt. {@link
 * PolicyChatModel} hands it to the gateway's own parser, so a request is served as the gateway
 * serves it; {@link InferenceCaptureListener} records it as the gateway records a body.
 *
 * <p>Only what a policy can serve maps: system, user and assistant messages of text (a user message
 * of several text parts becomes OpenAI's array of text parts, which the gateway joins). Everything
 * else is refused by name.
 */
final class OpenAiBody {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OpenAiBody() {}

  /**
   * The body: {@code model} (when the request names one), {@code messages}, and each common
   * parameter the request sets, in OpenAI's field names ({@code temperature}, {@code top_p}, {@code
   * top_k}, {@code max_tokens}, {@code stop}, {@code frequency_penalty}, {@code presence_penalty}).
   *
   * @throws ConfigurationException naming the first feature a policy cannot serve: tools, tool
   *     calls or results, content other than text, a JSON response format
   */
  static ObjectNode of(ChatRequest request) {
    ChatRequestParameters p = request.parameters();
    refuseTools(p);
    refuseJson(p.responseFormat());
    ObjectNode body = F.objectNode();
    if (p.modelName() != null) {
      body.put("model", p.modelName());
    }
    ArrayNode messages = body.putArray("messages");
    List<ChatMessage> given = request.messages();
    for (int i = 0; i < given.size(); i++) {
      messages.add(message(given.get(i), "messages[" + i + "]"));
    }
    putIfSet(body, "temperature", p.temperature());
    putIfSet(body, "top_p", p.topP());
    if (p.topK() != null) {
      body.put("top_k", p.topK());
    }
    if (p.maxOutputTokens() != null) {
      body.put("max_tokens", p.maxOutputTokens());
    }
    if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      p.stopSequences().forEach(stop::add);
    }
    putIfSet(body, "frequency_penalty", p.frequencyPenalty());
    putIfSet(body, "presence_penalty", p.presencePenalty());
    return body;
  }

  private static void refuseTools(ChatRequestParameters p) {
    List<ToolSpecification> tools = p.toolSpecifications();
    if (tools != null && !tools.isEmpty()) {
      throw unsupported("tools", tools.size() + " tool specifications: "
          + tools.stream().map(ToolSpecification::name).collect(Collectors.joining(", ")));
    }
    if (p.toolChoice() == ToolChoice.REQUIRED) {
      throw unsupported("tool choice REQUIRED", "the request requires a tool call");
    }
  }

  private static void refuseJson(ResponseFormat format) {
    if (format == null || format.type() != ResponseFormatType.JSON) {
      return;
    }
    if (format.jsonSchema() != null) {
      throw unsupported("a JSON schema response format", "schema '" + format.jsonSchema().name() + "'");
    }
    throw unsupported("the JSON response format", "the request asks for JSON output");
  }

  private static ObjectNode message(ChatMessage m, String at) {
    ObjectNode n = F.objectNode();
    if (m instanceof SystemMessage s) {
      n.put("role", "system").put("content", s.text());
    } else if (m instanceof UserMessage u) {
      n.put("role", "user");
      if (u.name() != null) {
        n.put("name", u.name());
      }
      n.set("content", userContent(u.contents(), at));
    } else if (m instanceof AiMessage a) {
      if (a.hasToolExecutionRequests()) {
        throw unsupported("tool calls", at + " is an assistant message calling "
            + a.toolExecutionRequests().stream().map(ToolExecutionRequest::name).collect(Collectors.joining(", ")));
      }
      if (a.text() == null) {
        throw unsupported("assistant messages without text", at + " has no text");
      }
      n.put("role", "assistant").put("content", a.text());
    } else if (m instanceof ToolExecutionResultMessage t) {
      throw unsupported("tool results", at + " is the result of tool '" + t.toolName() + "'");
    } else {
      throw unsupported(m.type() + " messages", at + " is a " + m.getClass().getSimpleName());
    }
    return n;
  }

  /** One text part as a string, several as OpenAI's {@code [{"type":"text","text":…}]}. */
  private static JsonNode userContent(List<Content> contents, String at) {
    for (int j = 0; j < contents.size(); j++) {
      if (!(contents.get(j) instanceof TextContent)) {
        String type = contents.get(j).type().name().toLowerCase(Locale.ROOT);
        throw unsupported(type + " content", at + ".content[" + j + "] is " + type);
      }
    }
    if (contents.size() == 1) {
      return F.textNode(((TextContent) contents.get(0)).text());
    }
    ArrayNode parts = F.arrayNode();
    for (Content c : contents) {
      parts.addObject().put("type", "text").put("text", ((TextContent) c).text());
    }
    return parts;
  }

  private static void putIfSet(ObjectNode body, String field, Double value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static ConfigurationException unsupported(String feature, String detail) {
    return new ConfigurationException("a TAO policy cannot serve " + feature + " (" + detail + "): it answers text"
        + " conversations only (system, user and assistant messages of text); leave " + feature
        + " out, or send such requests to another model");
  }
}
