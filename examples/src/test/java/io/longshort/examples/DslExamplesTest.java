package io.longshort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.SoftmaxHead;
import io.longshort.examples.dsl.JavaDslExample;
import io.longshort.examples.dsl.KotlinDslExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The examples: Java and Kotlin describe the same model, and the shipped config file reads. */
class DslExamplesTest {

    @Test
    void javaAndKotlinExamplesDescribeTheSameRun() {
        Corpus corpus = Corpora.builtin(42);
        Experiment java = JavaDslExample.describe(corpus);
        assertEquals(java, KotlinDslExample.describe(corpus));
        assertEquals(SoftmaxHead.tiedToEmbedding(), java.model().softmax());
        assertEquals(corpus.vocabulary().size(), java.model().vocabularySize());
    }

    @Test
    void shippedConfigFilesRead() throws Exception {
        try (var files = Files.list(Path.of("configs"))) {
            long n = files.filter(p -> p.toString().endsWith(".json"))
                    .peek(Experiment::read)
                    .count();
            assertTrue(n >= 1, "config files in examples/configs");
        }
    }
}
