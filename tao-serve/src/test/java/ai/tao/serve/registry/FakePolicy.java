package ai.tao.serve.registry;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A policy that answers each prompt with a text a function chooses, every candidate alike, and
 * records how it was asked. {@link #save} writes a config.json naming it and a small weights file.
 */
class FakePolicy implements Policy {
  final String name;
  final Function<Prompt, String> answer;
  final List<SamplingParams> calls = new CopyOnWriteArrayList<>();
  final List<String> promptIds = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  FakePolicy(String name, Function<Prompt, String> answer) {
    this.name = name;
    this.answer = answer;
  }

  /** A policy that answers {@code text} to everything. */
  static FakePolicy answering(String name, String text) {
    return new FakePolicy(name, p -> text);
  }

  /** Reads back a folder {@link #save} wrote: the policy answers its own name. */
  static FakePolicy load(Path dir) {
    try {
      String config = Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8);
      String name = config.replaceAll("(?s).*\"name\":\"([^\"]*)\".*", "$1");
      return answering(name, name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
    calls.add(params);
    List<Rollout> out = new ArrayList<>();
    for (Prompt p : prompts) {
      promptIds.add(p.id());
      List<Completion> cs = new ArrayList<>();
      for (int i = 0; i < params.candidatesPerPrompt(); i++) {
        cs.add(new Completion(answer.apply(p), new int[] {7}, new float[] {-0.5f}, FinishReason.EOS));
      }
      out.add(new Rollout(p, new int[] {1}, params, cs));
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"fake\",\"name\":\"" + name + "\"}");
      Files.write(dir.resolve("model.safetensors"), name.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new OutputException("cannot save " + name + " to " + dir, e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
