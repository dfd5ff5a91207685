package io.longshort.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-text files with a tokenizer, and the checks of a data source's files. */
class DataSourceTest {

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void sentencePerLineEndsEachLineWithEos() throws Exception {
        Path f = write("a.txt", "the cat sat\r\non  the mat\n");
        assertEquals(
                List.of("the", "cat", "sat", "<eos>", "on", "the", "mat", "<eos>"),
                Tokenizer.SENTENCE_PER_LINE.words(f));
        assertEquals(List.of("the", "cat", "sat", "on", "the", "mat"), Tokenizer.WHITESPACE.words(f));
    }

    @Test
    void textFilesLoadWithTheVocabularyOfTheTrainingFile() throws Exception {
        Path train = write("train.txt", "a b a\nb a\n");
        Path valid = write("valid.txt", "a c\n");
        Path test = write("test.txt", "b\n");
        Corpus c = DataSource.textFiles(train, valid, test, Tokenizer.SENTENCE_PER_LINE)
                .load();
        assertEquals(List.of("a", "<eos>", "b"), c.vocabulary().words());
        assertEquals(7, c.train().length);
        assertEquals(2, c.valid().length); // c is dropped
        Corpus w =
                DataSource.textFiles(train, valid, test, Tokenizer.WHITESPACE).load();
        assertEquals(List.of("a", "b"), w.vocabulary().words());
        assertEquals(
                "text",
                DataSource.textFiles(train, valid, test, Tokenizer.WHITESPACE)
                        .describe()
                        .get("kind"));
    }

    @Test
    void missingFilesAreNamedWithTheirSetting() throws Exception {
        Path train = write("train.txt", "a\n");
        Path missing = tmp.resolve("nope.txt");
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> DataSource.textFiles(train, missing, train, Tokenizer.WHITESPACE)
                        .check());
        assertEquals("data.valid is " + missing + ": it must be a plain-text file (no such file).", e.getMessage());
        e = assertThrows(LongshortException.class, () -> DataSource.ptb(missing).check());
        assertEquals(
                "data.path is " + missing + ": it must be a folder holding ptb.train.txt, ptb.valid.txt and"
                        + " ptb.test.txt (no such folder).",
                e.getMessage());
        e = assertThrows(LongshortException.class, () -> DataSource.ptb(tmp).check());
        assertEquals(
                "data.path is " + tmp + ": it must be a folder holding ptb.train.txt, ptb.valid.txt and"
                        + " ptb.test.txt (ptb.train.txt is missing).",
                e.getMessage());
    }
}
