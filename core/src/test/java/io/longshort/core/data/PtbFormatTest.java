package io.longshort.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.data.builtin.BuiltinCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PTB-format check warns about text that is not PTB's (the README given as a split) and stays
 * quiet on the real PTB files and on the built-in corpus.
 */
class PtbFormatTest {

    @Test
    void theReadmeDoesNotLookLikePtbText() throws Exception {
        Path readme = Files.isRegularFile(Path.of("../README.md")) ? Path.of("../README.md") : Path.of("README.md");
        Optional<String> warning = PtbFormat.check(readme, PtbReader.words(readme));
        assertTrue(warning.isPresent());
        assertTrue(
                warning.get()
                        .matches(
                                ".*README\\.md does not look like PTB-format text: \\d+ of \\d+ words \\(\\d+\\.\\d%\\)"
                                        + " have upper-case letters and \\d+ \\(\\d+\\.\\d%\\) hold punctuation PTB leaves out.*"),
                warning.get());
        assertTrue(warning.get().contains("and no <unk>"), warning.get());
    }

    @Test
    void countsAreOfWordsWithoutEos() {
        // 200 words: 3 capitalised (1.5%), 1 with a comma; <eos> and the PTB number token N do not count
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < 196; i++) {
            words.add(i % 10 == 0 ? "N" : "word");
            words.add(Vocabulary.EOS);
        }
        words.addAll(List.of("The", "Doctor", "Nurse", "helps,"));
        String w = PtbFormat.check(Path.of("f.txt"), words).orElseThrow();
        assertTrue(
                w.startsWith("f.txt does not look like PTB-format text: 3 of 200 words (1.5%) have upper-case"
                        + " letters and 1 (0.5%) hold punctuation"),
                w);
    }

    @Test
    void onePercentOrLessIsStillPtb() {
        List<String> words = new java.util.ArrayList<>(java.util.Collections.nCopies(99, "word"));
        words.add("Word");
        words.add(Vocabulary.UNK);
        assertEquals(Optional.empty(), PtbFormat.check(Path.of("f.txt"), words));
    }

    @Test
    void theBuiltinCorpusLooksLikePtbText() {
        BuiltinCorpus corpus = BuiltinCorpus.generate(42, 50_000, 5_000, 5_000);
        assertEquals(Optional.empty(), PtbFormat.check(Path.of("train"), corpus.train()));
        assertEquals(Optional.empty(), PtbFormat.check(Path.of("test"), corpus.test()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid", "test"})
    void theRealPtbFilesLookLikePtbText(String split) {
        Optional<Path> folder = PtbReaderTest.ptbFolder();
        if (folder.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no PTB files: set LONGSHORT_PTB_DIR");
        }
        Assumptions.assumeTrue(
                folder.isPresent(),
                "PTB data not found: set LONGSHORT_PTB_DIR to a folder holding ptb.valid.txt and ptb.test.txt");
        Path file = PtbReader.splitFile(folder.get(), split);
        assertEquals(Optional.empty(), PtbFormat.check(file, PtbReader.words(file)));
    }
}
