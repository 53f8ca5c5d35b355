package ai.tao.serve.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code tao} subcommand has: {@code --help}, and the output stream it prints to. */
abstract class Subcommand implements Callable<Integer> {

  @Mixin
  HelpOption help;

  @Spec
  CommandSpec spec;

  /** Where results go: standard output, or the writer a test or an embedding program set. */
  final PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
