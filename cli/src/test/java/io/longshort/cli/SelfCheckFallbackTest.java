package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.core.engine.Cpu;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.core.inference.LanguageModel;
import io.longshort.it.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSTM self-check's fallback and refusal, forced with {@code -Dlongshort.selfcheck} so that
 * they run on any CPU. Each case is a fresh JVM running the command line, since the check runs
 * once per JVM when the engine loads and its fallback (oneDNN off) is process-wide.
 */
class SelfCheckFallbackTest {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path text;
    private static double inProcessLogProbability;

    @BeforeAll
    static void trainAndScoreInProcess() throws IOException {
        model = CliModels.tinyDir("pytorch"); // CliTrainTest's model, trained once per JVM; only read here
        List<String> words = TestModels.testWords(300);
        text = Files.writeString(tmp.resolve("text.txt"), String.join(" ", words), StandardCharsets.UTF_8);
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            inProcessLogProbability =
                    lm.score(LanguageModel.words(String.join(" ", words))).logProbability();
        }
    }

    private record Child(int code, String out, String err) {}

    private static Child cli(String selfcheck, String... args) throws IOException, InterruptedException {
        List<String> cmd = CliTestSupport.childCommand(List.of("-D" + LstmSelfCheck.PROPERTY + "=" + selfcheck), args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void aFailedCheckSwitchesPyTorchToAtensLstmWithOneWarningAndTheSameScores() throws Exception {
        Child c = cli("fail", "score", "--model", model.toString(), "--engine", "pytorch", "--json", text.toString());

        assertEquals(0, c.code(), c.err());
        List<String> warnings =
                c.err().strip().lines().filter(l -> l.contains("LSTM")).toList();
        assertEquals(1, warnings.size(), c.err());
        String warning = warnings.get(0);
        assertTrue(warning.contains("WARN"), warning);
        assertTrue(
                warning.contains("The pytorch engine's LSTM failed its self-check on this CPU, " + Cpu.description()
                        + " (max difference"),
                warning);
        assertTrue(warning.contains("forced by -Dlongshort.selfcheck=fail)"), warning);
        assertTrue(warning.contains("switched to ATen's own LSTM (oneDNN off)"), warning);

        JsonObject json = JsonParser.parseString(lastLine(c.out())).getAsJsonObject();
        assertEquals(
                inProcessLogProbability,
                json.get("log_probability").getAsDouble(),
                1e-3,
                "the fallback scores as the default kernel does where that one is right");
    }

    @Test
    void theEngineDescriptionNamesTheFallback() throws Exception {
        Child c = cli("fail", "info", "--model", model.toString(), "--engine", "pytorch");

        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("LSTM: ATen's own LSTM (oneDNN off))"), c.out());
    }

    @Test
    void whenNoPathAgreesTheEngineRefusesWithOneLineNamingTheCpuAndTheFix() throws Exception {
        Child c = cli("fail-all", "score", "--model", model.toString(), "--engine", "pytorch", text.toString());

        assertOneLineError(
                c,
                "The pytorch engine's LSTM failed its self-check on this CPU, " + Cpu.description(),
                "forced by -Dlongshort.selfcheck=fail-all",
                "also with ATen's own LSTM (oneDNN off)",
                "choose another engine",
                "LONGSHORT_ENGINE");
    }

    @Test
    void mxnetHasNoFallbackAndRefuses() throws Exception {
        Child c = cli("fail", "score", "--model", model.toString(), "--engine", "mxnet", text.toString());

        assertOneLineError(c, "The mxnet engine's LSTM failed its self-check", "choose another engine");
        assertFalse(c.err().contains("also with"), c.err());
    }

    @Test
    void forcingAnotherEngineLeavesThisOneOnItsDefaultKernel() throws Exception {
        // The default differs by CPU (on AMD Zen 5 PyTorch's own check sends it to ATen's LSTM),
        // so the forced run is compared with an unforced one on the same machine.
        Child forced = cli("mxnet:fail", "info", "--model", model.toString(), "--engine", "pytorch");
        Child unforced = cli("", "info", "--model", model.toString(), "--engine", "pytorch");

        assertEquals(0, forced.code(), forced.err());
        assertEquals(0, unforced.code(), unforced.err());
        String loadsOn = loadsOn(forced);
        assertTrue(loadsOn.contains("pytorch (PyTorch"), forced.out());
        assertEquals(loadsOn(unforced), loadsOn, forced.out());
        assertEquals(unforced.err().contains("self-check"), forced.err().contains("self-check"), forced.err());
    }

    private static String loadsOn(Child c) {
        return c.out().lines().filter(l -> l.contains("loads on:")).findFirst().orElseThrow();
    }

    @Test
    void anUnknownValueOfThePropertyIsAUserError() throws Exception {
        Child c = cli("sometimes", "info", "--model", model.toString(), "--engine", "pytorch");

        assertOneLineError(
                c, "Unknown value 'sometimes' of the system property longshort.selfcheck", "use fail", "fail-all");
    }

    private static void assertOneLineError(Child c, String... fragments) {
        CliTestSupport.assertOneLineError(new CliTestSupport.Run(c.code(), c.out(), c.err()), fragments);
    }
}
