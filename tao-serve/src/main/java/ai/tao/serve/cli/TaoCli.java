package ai.tao.serve.cli;

import ai.tao.api.TaoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tao} command line: {@code serve}, {@code tune}, {@code eval}, {@code flywheel}, {@code
 * promote} and {@code rollback}, each with {@code --help}.
 *
 * <p>A {@link TaoException} (a bad option value, a missing file, an unknown scorer) prints its
 * message, which says what was wrong and what to do, and exits with status 2; any other failure
 * prints its stack trace and exits with 1.
 *
 * @since 0.5
 */
@Command(name = "tao", mixinStandardHelpOptions = true, versionProvider = TaoCli.Version.class,
    description = "Test-time adaptive optimization: serve a policy, tune it on unlabeled prompts, and run the"
        + " flywheel that promotes a tuned version only through an evaluation gate.",
    subcommands = {ServeCommand.class, TuneCommand.class, EvalCommand.class, FlywheelCommand.class,
        PromoteCommand.class, RollbackCommand.class, CommandLine.HelpCommand.class})
public final class TaoCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line and returns its exit status, without exiting (for tests and embedding). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, writing to the given streams (for tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TaoCli());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof TaoException) {
        line.getErr().println("tao " + line.getCommandName() + ": " + e.getMessage());
        line.getErr().flush();
        return 2;
      }
      throw e;
    });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version printed by {@code --version}: the jar's implementation version, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TaoCli.class.getPackage().getImplementationVersion();
      return new String[] {"tao " + (v == null ? "(development build)" : v)};
    }
  }
}
