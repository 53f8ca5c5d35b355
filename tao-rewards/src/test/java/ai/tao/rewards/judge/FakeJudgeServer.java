package ai.tao.rewards.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on loopback, on a raw socket so that it can also misbehave: answer late,
 * drop the connection, send half a body. Every request is recorded with the time it arrived. One
 * request per connection ({@code Connection: close}).
 */
final class FakeJudgeServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the server read it. */
  record Request(int number, long arrivedNanos, Map<String, String> headers, JsonNode json) {
    String system() {
      return json.path("messages").path(0).path("content").asText();
    }

    String user() {
      return json.path("messages").path(1).path("content").asText();
    }
  }

  /** What to do with a request. */
  record Response(int status, Map<String, String> headers, String body, long delayMillis, Fault fault) {
    static Response ok(String content) {
      return new Response(200, Map.of(), completion(content, 10, 5), 0, Fault.NONE);
    }

    static Response status(int status, String body) {
      return new Response(status, Map.of(), body, 0, Fault.NONE);
    }

    static Response fault(Fault fault) {
      return new Response(200, Map.of(), completion("Score: 5", 10, 5), 0, fault);
    }

    Response header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body, delayMillis, fault);
    }

    Response delayed(long millis) {
      return new Response(status, headers, body, millis, fault);
    }
  }

  enum Fault {
    NONE,
    /** Close the connection without answering. */
    DROP,
    /** Announce the whole body, send half of it, close. */
    TRUNCATE
  }

  /** Decides the response to a request. */
  interface Handler {
    Response handle(Request request);
  }

  private final ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-judge");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new ArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Handler handler;

  FakeJudgeServer(Handler handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::acceptLoop);
  }

  /** The chat-completion JSON of a reply. */
  static String completion(String content, long promptTokens, long completionTokens) {
    var root = JSON.createObjectNode();
    root.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens);
    return root.toString();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  void handler(Handler handler) {
    this.handler = handler;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  int requestCount() {
    return requests().size();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      Map<String, String> headers = new LinkedHashMap<>();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      Request request;
      synchronized (this) {
        request = new Request(count.getAndIncrement(), System.nanoTime(), headers, JSON.readTree(body));
        requests.add(request);
      }
      Response r = handler.handle(request);
      if (r.delayMillis() > 0) {
        Thread.sleep(r.delayMillis());
      }
      if (r.fault() == Fault.DROP) {
        return;
      }
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder("HTTP/1.1 " + r.status() + " Status\r\n")
          .append("Content-Type: application/json\r\nConnection: close\r\n")
          .append("Content-Length: ").append(bytes.length).append("\r\n");
      r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
      OutputStream out = s.getOutputStream();
      out.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 0, r.fault() == Fault.TRUNCATE ? bytes.length / 2 : bytes.length);
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the client went away (a timeout) or the server is closing
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : b == '\r' ? 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    pool.shutdownNow();
  }
}
