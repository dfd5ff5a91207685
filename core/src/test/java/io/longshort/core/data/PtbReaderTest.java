package io.longshort.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading PTB-format text: line ends, encodings, missing files and the real validation split. */
class PtbReaderTest {

    /** Words of the real {@code ptb.valid.txt}, one {@code <eos>} per line included. */
    private static final int PTB_VALID_WORDS = 73_760;

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        return Files.write(tmp.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
    }

    @Test
    void everyLineEndBecomesEos() throws IOException {
        Path file = write("a.txt", " the cat  sat \n\non the mat\n");
        assertEquals(
                List.of("the", "cat", "sat", "<eos>", "<eos>", "on", "the", "mat", "<eos>"), PtbReader.words(file));
    }

    @Test
    void lastLineWithoutLineEndGivesNoEos() throws IOException {
        assertEquals(List.of("a", "b", "<eos>", "c"), PtbReader.words(write("a.txt", "a b\nc")));
    }

    @Test
    void windowsLineEndsGiveTheSameWordsAsUnixLineEnds() throws IOException {
        String unix = " consumers may want\n to move <unk> \n\nN years\n";
        List<String> expected = PtbReader.words(write("unix.txt", unix));
        List<String> windows = PtbReader.words(write("windows.txt", unix.replace("\n", "\r\n")));
        assertEquals(expected, windows);
        assertTrue(windows.stream().noneMatch(w -> w.contains("\r")), windows.toString());
    }

    @Test
    void missingFolderNamesThePathAndTheFix() {
        Path folder = tmp.resolve("no-such-folder");
        LongshortException e = assertThrows(LongshortException.class, () -> PtbReader.read(folder, UnknownWords.DROP));
        assertEquals(
                "Data folder not found: "
                        + folder
                        + "; pass a folder holding ptb.train.txt, ptb.valid.txt and ptb.test.txt.",
                e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void missingSplitFileNamesThePathAndTheFix() throws IOException {
        write("ptb.train.txt", "a b c\n");
        write("ptb.test.txt", "a b\n");
        Path valid = tmp.resolve("ptb.valid.txt");
        LongshortException e = assertThrows(LongshortException.class, () -> PtbReader.read(tmp, UnknownWords.DROP));
        assertEquals(
                "Missing split file "
                        + valid
                        + ": the data folder must hold ptb.train.txt, ptb.valid.txt and"
                        + " ptb.test.txt.",
                e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void invalidUtf8IsRefusedInOneLineNamingTheFile() throws IOException {
        // 0xC3 0x28 is an invalid two-byte sequence; 0xFF never occurs in UTF-8
        Path file = writeBytes("latin.txt", new byte[] {'a', ' ', (byte) 0xC3, 0x28, ' ', (byte) 0xFF, '\n'});
        LongshortException e = assertThrows(LongshortException.class, () -> PtbReader.words(file));
        assertEquals(file + " is not UTF-8 text: give a plain-text file, one sentence a line.", e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void binaryFileWithNulBytesIsRefusedInOneLine() throws IOException {
        Path file = writeBytes("data.bin", new byte[] {'a', 0, 0, 'b', '\n', 0, 1, 2});
        LongshortException e = assertThrows(LongshortException.class, () -> PtbReader.words(file));
        assertEquals(file + " holds binary data: give a plain-text file, one sentence a line.", e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void readBuildsTheVocabularyFromTrainAndAppliesThePolicyToValidAndTest() throws IOException {
        write("ptb.train.txt", "a b b <unk>\nb a\n");
        write("ptb.valid.txt", "a z b\n");
        write("ptb.test.txt", "q b\n");
        Corpus dropped = PtbReader.read(tmp, UnknownWords.DROP);
        // counts: b 3, <eos> 2, a 2, <unk> 1
        assertEquals(List.of("b", "<eos>", "a", "<unk>"), dropped.vocabulary().words());
        assertEquals(List.of("a", "b", "<eos>"), dropped.vocabulary().decode(dropped.valid()));
        assertEquals(List.of("b", "<eos>"), dropped.vocabulary().decode(dropped.test()));
        Corpus mapped = PtbReader.read(tmp, UnknownWords.MAP_TO_UNK);
        assertEquals(List.of("a", "<unk>", "b", "<eos>"), mapped.vocabulary().decode(mapped.valid()));
        assertEquals(8, mapped.train().length);
        // valid "a z b <eos>": 1 of 4 outside; test "q b <eos>": 1 of 3
        assertEquals(
                List.of(
                        new SplitReport("valid", 4, 1, UnknownWords.DROP),
                        new SplitReport("test", 3, 1, UnknownWords.DROP)),
                dropped.splitReports());
        assertEquals(
                "words outside the training vocabulary: valid 1 of 4 (25.00%) dropped, test 1 of 3 (33.33%) dropped",
                SplitReport.describe(dropped.splitReports()));
        assertEquals(dropped.valid().length, dropped.splitReports().get(0).wordsKept());
        assertEquals(
                "valid 1 of 4 (25.00%) read as <unk>",
                mapped.splitReports().get(0).describe());
        assertEquals(mapped.valid().length, mapped.splitReports().get(0).wordsKept());
        assertEquals(0.25, dropped.splitReports().get(0).metrics().get("valid_oov_share"));
    }

    @Test
    void realPtbValidHas73760WordsWithOneEosPerLine() throws IOException {
        Optional<Path> folder = ptbFolder();
        Assumptions.assumeTrue(
                folder.isPresent(),
                "PTB data not found: set LONGSHORT_PTB_DIR to a folder holding ptb.valid.txt, or"
                        + " place it in ../shared/data/ptb next to the repository");
        Path file = PtbReader.splitFile(folder.get(), "valid");
        List<String> words = PtbReader.words(file);

        long lines;
        long plainWords;
        try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
            lines = s.count();
        }
        try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
            plainWords = s.mapToLong(l -> l.isBlank() ? 0 : l.trim().split("\\s+").length)
                    .sum();
        }
        long eos = words.stream().filter(Vocabulary.EOS::equals).count();
        assertEquals(lines, eos, "one <eos> per line");
        assertEquals(plainWords, words.size() - eos, "the words between the <eos>");
        assertEquals(PTB_VALID_WORDS, words.size());
    }

    /** The PTB folder: {@code LONGSHORT_PTB_DIR}, else {@code ../shared/data/ptb} of the repo. */
    static Optional<Path> ptbFolder() {
        String env = System.getenv("LONGSHORT_PTB_DIR");
        Stream<Path> candidates = Stream.of(
                env == null || env.isBlank() ? null : Path.of(env),
                Path.of("../../shared/data/ptb"), // from the module folder
                Path.of("../shared/data/ptb")); // from the repository root
        return candidates
                .filter(p -> p != null && Files.isRegularFile(PtbReader.splitFile(p, "valid")))
                .findFirst();
    }
}
