package io.longshort.examples.dsl

import io.longshort.core.data.Corpora
import io.longshort.core.data.Corpus
import io.longshort.core.spec.Experiment
import io.longshort.dsl.kotlin.experiment

/**
 * The model of [JavaDslExample] described with the Kotlin builders: the demo's network with the
 * softmax tied to the embedding, on the built-in corpus. Run it with
 * `examples/bin/kotlin-dsl-example [--train STEPS]`.
 */
object KotlinDslExample {

    /** Describes the run; the vocabulary comes from [corpus]. */
    @JvmStatic
    fun describe(corpus: Corpus): Experiment = experiment {
        model {
            vocabulary(corpus)
            embedding = 200
            lstm(layers = 2, units = 200)
            steps = 20
            batch = 20
            initScale = 0.1
            softmax { tied = true }
        }
        training {
            epochs = 6
            learningRate = 0.25
            schedule = recipe(decay = 0.5, maxLrEpoch = 5)
            maxGradNorm = 5.0
        }
        data { builtin(seed = 42) }
    }

    /** Prints the summary and the JSON of the run, and trains it with `--train STEPS`. */
    @JvmStatic
    fun main(args: Array<String>) {
        val corpus = Corpora.builtin(42)
        val experiment = describe(corpus)
        ExampleRuns.show(experiment)
        println()
        println("The same as JavaDslExample's description: ${experiment == JavaDslExample.describe(corpus)}")
        ExampleRuns.trainIfAsked(experiment, corpus, args, "kotlin-dsl-example")
    }
}
