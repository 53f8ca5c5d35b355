package ai.tao.core.cli;

import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.core.policy.DecoderPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads any Hugging Face Llama-family folder and decodes from a prompt: a quick check of a
 * checkpoint's loader, tokenizer and sampler.
 *
 * <pre>
 * GenerateCommand MODEL_DIR [--prompt TEXT] [--max-new N] [--temperature T] [--top-k K] [--top-p P]
 *                           [--seed S] [--encode TEXT]
 * </pre>
 *
 * <p>Without {@code --temperature} it decodes greedily. An empty prompt (the default) starts from
 * the tokenizer's special tokens alone (BOS for Llama). Prints the prompt ids, the generated ids and
 * the text; {@code --encode} prints the ids of a text and exits.
 */
public final class GenerateCommand {
  private GenerateCommand() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("usage: GenerateCommand MODEL_DIR [--prompt TEXT] [--max-new N] [--temperature T]"
          + " [--top-k K] [--top-p P] [--seed S] [--encode TEXT]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String prompt = "";
    String encode = null;
    SamplingParams.Builder p = SamplingParams.builder().temperature(0).maxNewTokens(20);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--prompt" -> prompt = v;
        case "--encode" -> encode = v;
        case "--max-new" -> p.maxNewTokens(Integer.parseInt(v));
        case "--temperature" -> p.temperature(Double.parseDouble(v));
        case "--top-k" -> p.topK(Integer.parseInt(v));
        case "--top-p" -> p.topP(Double.parseDouble(v));
        case "--seed" -> p.seed(Long.parseLong(v));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (DecoderPolicy policy = DecoderPolicy.load(dir)) {
      if (encode != null) {
        System.out.println("ids: " + join(policy.tokenizer().encode(encode, true)));
        return;
      }
      Prompt pr = Prompt.ofText("cli", prompt);
      System.out.println("prompt ids: " + join(policy.encode(pr)));
      Completion c = policy.sample(List.of(pr), p.build()).get(0).completion(0);
      System.out.println("generated ids: " + join(c.tokenIds()));
      System.out.println("finish: " + c.finishReason());
      System.out.println("text: " + c.text());
    }
  }

  private static String join(int[] ids) {
    return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
  }
}
