package ai.tao.serve.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on a subcommand (the tool's version is {@code tao --version}). */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;
}
