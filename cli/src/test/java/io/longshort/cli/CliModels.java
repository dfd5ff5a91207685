package io.longshort.cli;

import io.longshort.cli.CliTestSupport.Run;
import io.longshort.it.TestModels;
import java.nio.file.Path;

/**
 * The models the command line's tests share, each trained once per JVM (surefire runs all of a
 * module's test classes in one JVM) through the real command, on first use. A shared model is
 * read, never written: a test that changes a model folder works on a copy.
 */
final class CliModels {

    /** The windows {@link #demo()} trains: about half of the demo's first epoch (624 windows). */
    static final long DEMO_STEPS = 300;

    private static Run demoRun;
    private static Path demoDir;

    private CliModels() {}

    /**
     * {@code longshort demo --max-steps 300 --engine pytorch --out DIR --json}, run once: the
     * demo's own code path (built-in corpus, demo preset, oracle and trigram comparison, the
     * true-vs-predicted window) with a budget that fits a test suite. {@code --engine pytorch} is
     * what the command line's {@code longshort.properties} selects anyway; naming it keeps the
     * model on PyTorch whatever {@code LONGSHORT_ENGINE} says.
     *
     * @return what the command printed and its exit code
     */
    static synchronized Run demo() {
        if (demoRun == null) {
            Path dir = TestModels.sharedFolder().resolve("demo");
            demoRun = CliTestSupport.run("demo", "--max-steps", Long.toString(DEMO_STEPS), "--engine", "pytorch",
                    "--out", dir.toString(), "--json");
            demoDir = dir;
        }
        return demoRun;
    }

    /**
     * The model folder {@link #demo()} wrote.
     *
     * @return the folder; read it, do not write into it
     */
    static synchronized Path demoDir() {
        demo();
        return demoDir;
    }
}
