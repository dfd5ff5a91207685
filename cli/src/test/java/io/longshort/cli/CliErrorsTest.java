package io.longshort.cli;

import static io.longshort.cli.CliTestSupport.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.cli.CliTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes give one line on standard error naming the problem and the fix, and exit 2. */
class CliErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void unknownEngineNamesTheEnginesPresent() {
        Run run = CliTestSupport.run(
                "train",
                "--engine",
                "tensorflow",
                "--preset",
                "tiny",
                "--out",
                tmp.resolve("m").toString());
        assertOneLineError(run, "Unknown engine 'tensorflow'", "[mxnet, pytorch]", "--engine");
    }

    @Test
    void missingDataFolderIsNamed() {
        Path missing = tmp.resolve("no-such-folder");
        Run run = CliTestSupport.run(
                "train",
                "--data",
                missing.toString(),
                "--preset",
                "tiny",
                "--out",
                tmp.resolve("m").toString());
        assertOneLineError(run, "Data folder not found: " + missing, "ptb.train.txt");
    }

    @Test
    void missingSplitFileIsNamed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("ptb.train.txt"), "a b c\n");
        Files.writeString(data.resolve("ptb.valid.txt"), "a b\n");
        Run run = CliTestSupport.run(
                "train",
                "--data",
                data.toString(),
                "--preset",
                "tiny",
                "--out",
                tmp.resolve("m").toString());
        assertOneLineError(run, "Missing split file " + data.resolve("ptb.test.txt"));
    }

    @Test
    void unknownPresetListsThePresets() {
        Run run = CliTestSupport.run(
                "train", "--preset", "huge", "--out", tmp.resolve("m").toString());
        assertOneLineError(run, "Unknown preset 'huge'", "small", "medium");
    }

    @Test
    void unknownOptionSaysWhereHelpIs() {
        Run run = CliTestSupport.run("train", "--epoch", "3");
        assertOneLineError(run, "--epoch", "longshort train --help");
    }

    @Test
    void aMistypedOptionGetsTheNearestOnes() {
        Run run = CliTestSupport.run("train", "--max-step", "20");
        assertOneLineError(run, "'--max-step'", "did you mean --max-steps", "(see: longshort train --help)");
    }

    @Test
    void aMistypedRequiredOptionIsReportedAsATypoNotAsMissing() {
        Run run = CliTestSupport.run("predict", "--modle", "some/dir", "the", "doctor");
        assertOneLineError(run, "'--modle'", "did you mean --model", "(see: longshort predict --help)");
        assertFalse(run.err().contains("Missing required"), run.err());
    }

    @Test
    void aMissingOptionWithoutATypoIsStillReportedAsMissing() {
        Run run = CliTestSupport.run("predict", "the", "doctor");
        assertOneLineError(run, "Missing required option: '--model=DIR'");
    }

    @Test
    void aMistypedCommandGetsTheNearestOneAndTheTopLevelHelp() {
        Run run = CliTestSupport.run("trian");
        assertOneLineError(run, "'trian'", "did you mean train", "(see: longshort --help)");
    }

    @Test
    void missingModelFolderForTestIsNamed() {
        Path missing = tmp.resolve("nothing");
        Run run = CliTestSupport.run("test", "--model", missing.toString());
        assertOneLineError(run, "Model folder not found: " + missing);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = CliTestSupport.run(
                "train",
                "--engine",
                "nope",
                "--verbose",
                "--preset",
                "tiny",
                "--out",
                tmp.resolve("m").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("at io.longshort"), run.err());
    }
}
