package io.longshort.cli;

import io.longshort.cli.CliTestSupport.Run;
import io.longshort.it.TestModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models the command line's tests share, each trained once per JVM (surefire runs all of a
 * module's test classes in one JVM) through the real command, on first use. A shared model is
 * read, never written: a test that changes a model folder works on a copy.
 */
final class CliModels {

    /** The windows {@link #demo()} trains: about half of the demo's first epoch (624 windows). */
    static final long DEMO_STEPS = 300;

    /** The windows {@link #tiny(String)} trains. */
    static final long TINY_STEPS = 30;

    private static Run demoRun;
    private static Path demoDir;
    private static final Map<String, Run> TINY = new HashMap<>();

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
            demoRun = CliTestSupport.run(
                    "demo",
                    "--max-steps",
                    Long.toString(DEMO_STEPS),
                    "--engine",
                    "pytorch",
                    "--out",
                    dir.toString(),
                    "--json");
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

    /**
     * {@code longshort train --preset tiny --max-steps 30 --engine ENGINE --out DIR --json} on the
     * built-in corpus, run once per engine; the model folder is {@link #tinyDir(String)}.
     *
     * @param engine the engine
     * @return what the command printed and its exit code
     */
    static synchronized Run tiny(String engine) {
        return TINY.computeIfAbsent(
                engine,
                e -> CliTestSupport.run(
                        "train",
                        "--preset",
                        "tiny",
                        "--max-steps",
                        Long.toString(TINY_STEPS),
                        "--engine",
                        e,
                        "--out",
                        TestModels.sharedFolder().resolve("cli-tiny-" + e).toString(),
                        "--json"));
    }

    /**
     * The model folder {@link #tiny(String)} wrote.
     *
     * @param engine the engine
     * @return the folder; read it, do not write into it
     */
    static synchronized Path tinyDir(String engine) {
        tiny(engine);
        return TestModels.sharedFolder().resolve("cli-tiny-" + engine);
    }
}
