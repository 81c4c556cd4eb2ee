package dev.winnow.cli;

import dev.winnow.WinnowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code winnow} command: subcommands only. */
@Command(
    name = "winnow",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Bulk image generation at draft prices: many candidates on a cheap model, free screening and a quick review,",
      "and the standard model only for the keepers, re-rendered from the same instructions.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT},
    subcommands = {RunCommand.class, WorkerCommand.class, EstimateCommand.class, ReviewCommand.class, ReportCommand.class, StatsCommand.class, RebuildCommand.class, ExportCommand.class, ScreenCommand.class, PricesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = execute(args);
    Graceful.exit(code);
  }

  /** Runs a command line and returns its exit code; never throws (tests call this directly). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // The help texts are written in lines of up to 120 columns; a narrower terminal gets them wrapped to its width.
    cl.setUsageHelpWidth(120);
    cl.setUsageHelpAutoWidth(true);
    // A command's header is its one-line summary in `winnow --help`; on its own page it follows the usage line.
    for (CommandLine sub : cl.getSubcommands().values()) {
      java.util.List<String> keys = new java.util.ArrayList<>(sub.getHelpSectionKeys());
      keys.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
      keys.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
      int at = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS) + 1;
      keys.add(at, CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
      sub.setHelpSectionKeys(keys);
    }
    cl.setExecutionExceptionHandler(Main::onError);
    cl.setParameterExceptionHandler(Main::onUsageError);
    cl.setExitCodeExceptionMapper(t -> t instanceof WinnowException w ? w.exitCode() : ExitCodes.FAILURE);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int onUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    cl.getErr().println("winnow: " + e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
    return ExitCodes.USAGE;
  }

  private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    boolean verbose = Boolean.getBoolean("winnow.verbose") || System.getenv("WINNOW_VERBOSE") != null;
    if (e instanceof WinnowException w) {
      cl.getErr().println("winnow: " + w.getMessage());
      if (verbose) e.printStackTrace(cl.getErr());
      return w.exitCode();
    }
    cl.getErr().println("winnow: internal error: " + e + " (set WINNOW_VERBOSE=1 for the stack trace; please report it)");
    if (verbose) e.printStackTrace(cl.getErr());
    return ExitCodes.FAILURE;
  }

  /** The version in the jar's manifest, or "dev" when run from classes. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"winnow " + version()};
    }
  }
}
