package io.longshort.cli;

import io.longshort.core.LongshortException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code longshort} command line: {@code demo}, {@code train}, {@code config} and {@code test}; {@code predict},
 * {@code score}, {@code generate} and {@code info} use a trained model.
 *
 * <p>Exit codes: 0 on success, 2 for a user mistake (a one-line message on standard error, no
 * stack trace unless {@code --verbose}), 1 for a bug.
 */
@Command(
        name = "longshort",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Word-level LSTM language models (the PTB recipe) on DJL.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            ConfigCommand.class,
            TestCommand.class,
            PredictCommand.class,
            ScoreCommand.class,
            GenerateCommand.class,
            ServeCommand.class,
            InfoCommand.class
        })
public final class Main implements Runnable {

    /** Exit code for a user mistake. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing command: use demo, train, config, test, predict, score, generate, serve or info.");
    }

    /**
     * Runs the command line and returns the exit code.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose =
                    parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            LongshortException user = userError(ex);
            if (user != null) {
                commandLine.getErr().println("longshort: error: " + user.getMessage());
                if (verbose) {
                    ex.printStackTrace(commandLine.getErr());
                }
                commandLine.getErr().flush();
                return USAGE;
            }
            commandLine.getErr().println("longshort: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            commandLine.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((reported, a) -> {
            CommandLine.ParameterException ex = typoFirst(reported, a);
            CommandLine c = ex.getCommandLine();
            String help = c.getParent() == null ? "longshort --help" : "longshort " + c.getCommandName() + " --help";
            c.getErr().println("longshort: error: " + ex.getMessage() + suggestion(ex) + " (see: " + help + ")");
            c.getErr().flush();
            return USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Returns the exception to report: a missing option is often the mistyped one ({@code --modle}
     * for {@code --model}), so an unknown option among the arguments is reported instead, with
     * its suggestions.
     */
    static CommandLine.ParameterException typoFirst(CommandLine.ParameterException ex, String[] args) {
        if (!(ex instanceof CommandLine.MissingParameterException)) {
            return ex;
        }
        CommandLine c = ex.getCommandLine();
        List<String> unknown = new ArrayList<>();
        int start = c.getParent() == null ? 0 : Arrays.asList(args).indexOf(c.getCommandName()) + 1;
        for (int i = Math.max(start, 0); i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.startsWith("--") && c.getCommandSpec().findOption(name) == null) {
                unknown.add(arg);
            }
        }
        return unknown.isEmpty() ? ex : new CommandLine.UnmatchedArgumentException(c, unknown);
    }

    /** The nearest commands or options to a mistyped one, as picocli finds them, or nothing. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> near = unmatched.getSuggestions();
            if (!near.isEmpty()) {
                return "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?";
            }
        }
        return "";
    }

    private static LongshortException userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof LongshortException) {
                return (LongshortException) t;
            }
        }
        return null;
    }

    /**
     * The program entry point.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /** Prints the library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"longshort " + (v == null ? "dev" : v)};
        }
    }
}
