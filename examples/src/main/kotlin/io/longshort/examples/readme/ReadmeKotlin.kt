package io.longshort.examples.readme

import io.longshort.core.spec.Experiment
import io.longshort.core.spec.ModelSpec
import io.longshort.dsl.kotlin.experiment
import io.longshort.dsl.kotlin.languageModel

/** The README's Kotlin snippet: a network described on its own, and the medium run on MXNet. */
object ReadmeKotlin {

    /** The snippet's network, `lm`. */
    @JvmStatic
    fun model(): ModelSpec = describe().first

    /** The snippet's run, `run`. */
    @JvmStatic
    fun run(): Experiment = describe().second

    private fun describe(): Pair<ModelSpec, Experiment> {
        // tag::kotlin[]
        val lm = languageModel {
            vocabulary = 10_000; embedding = 650; steps = 35
            lstm(layers = 2, units = 650)
            dropout = 0.5
        }
        val run = experiment("medium") { engine = "mxnet"; training { epochs = 39 } }
        // end::kotlin[]
        return lm to run
    }
}
