@file:JvmName("LanguageModelDsl")

package io.longshort.dsl.kotlin

import io.longshort.core.LongshortException
import io.longshort.core.data.Corpus
import io.longshort.core.data.DataSource
import io.longshort.core.data.Tokenizer
import io.longshort.core.spec.Experiment
import io.longshort.core.spec.Layout
import io.longshort.core.spec.LrSchedule
import io.longshort.core.spec.ModelSpec
import io.longshort.core.spec.Optimizer
import io.longshort.core.spec.TrainingPlan
import io.longshort.dsl.ExperimentBuilder
import io.longshort.dsl.LanguageModels
import io.longshort.dsl.ModelSpecBuilder
import io.longshort.dsl.Presets
import io.longshort.dsl.TrainingPlanBuilder
import java.nio.file.Path
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty

/*
 * The Kotlin face of the DSL: type-safe builders with receiver lambdas, each a thin layer over
 * the Java builders of io.longshort.dsl, which do all the validation.
 *
 *     val lm = languageModel {
 *         vocabulary = 10_000
 *         embedding = 650
 *         steps = 35
 *         lstm(layers = 2, units = 650)
 *         dropout = 0.5
 *         softmax { tied = true }
 *     }
 */

/**
 * Marks the receivers of longshort's builder blocks: inside an inner block (such as `softmax { }`)
 * the members of an outer one (such as `embedding`) cannot be reached without an explicit
 * `this@languageModel`.
 */
@DslMarker
@Target(AnnotationTarget.CLASS)
annotation class LongshortDsl

/** Describes a model; the result is validated by [ModelSpecBuilder.build]. */
fun languageModel(block: ModelScope.() -> Unit): ModelSpec =
    ModelScope(LanguageModels.model(), null).apply(block).build()

/** Describes a model starting from a preset, such as `languageModel("medium") { dropout = 0.6 }`. */
fun languageModel(preset: String, block: ModelScope.() -> Unit = {}): ModelSpec {
    val start = Presets.get(preset)
    return ModelScope(start.toBuilder(), start.model()).apply(block).build()
}

/** Describes a training plan; unset settings take the medium preset's values. */
fun trainingPlan(block: TrainingScope.() -> Unit): TrainingPlan =
    TrainingScope(LanguageModels.training(), null).apply(block).build()

/** Describes a training plan starting from a preset's. */
fun trainingPlan(preset: String, block: TrainingScope.() -> Unit = {}): TrainingPlan {
    val start = Presets.get(preset)
    return TrainingScope(start.toTrainingBuilder(), start.training()).apply(block).build()
}

/** Describes a whole run: engine, model, training and data. */
fun experiment(block: ExperimentScope.() -> Unit): Experiment =
    ExperimentScope(null).apply(block).build()

/** Describes a whole run starting from a preset's model and plan, on the built-in corpus. */
fun experiment(preset: String, block: ExperimentScope.() -> Unit = {}): Experiment =
    ExperimentScope(preset).apply(block).build()

/** A setting that remembers what was assigned, so that it can be read back in the block. */
private class Setting<T : Any>(private val name: String, private var value: T?, private val apply: (T) -> Unit) :
    ReadWriteProperty<Any?, T> {
    override fun getValue(thisRef: Any?, property: KProperty<*>): T =
        value ?: throw IllegalStateException("$name has not been set in this block; the builder's default applies")

    override fun setValue(thisRef: Any?, property: KProperty<*>, value: T) {
        this.value = value
        apply(value)
    }
}

/** The body of `languageModel { }`: the settings of [ModelSpecBuilder] as properties. */
@LongshortDsl
class ModelScope internal constructor(private val builder: ModelSpecBuilder, start: ModelSpec?) {

    /** The number of words `V` (training replaces it with the data's vocabulary size). */
    var vocabulary: Int by Setting("vocabulary", start?.vocabularySize()) { builder.setVocabularySize(it) }

    /** Takes the vocabulary size from a corpus; `build` then checks that the steps fit the data. */
    fun vocabulary(corpus: Corpus) {
        builder.setVocabulary(corpus)
    }

    /** The embedding size `E`. */
    var embedding: Int by Setting("embedding", start?.embeddingSize()) { builder.setEmbeddingSize(it) }

    /** The unrolled steps per window `T` (default 35). */
    var steps: Int by Setting("steps", start?.numSteps()) { builder.optNumSteps(it) }

    /** The parallel streams `B` (default 20). */
    var batch: Int by Setting("batch", start?.batchSize()) { builder.optBatchSize(it) }

    /** `layers` LSTM layers of `units` units each. */
    fun lstm(layers: Int = 2, units: Int) {
        builder.setHiddenSize(units).optNumLayers(layers)
    }

    /** LSTM layers of different sizes, first to last, such as `lstmLayers(650, 400)`. */
    fun lstmLayers(vararg units: Int) {
        builder.setHiddenSizes(*units)
    }

    /** One drop probability on the embedding, between layers and before the head (the recipe's). */
    var dropout: Double by Setting("dropout", null) { builder.optDropout(it.toFloat()) }

    /** The paper's keep probability: every drop probability becomes `1 - keep`. */
    var keepProbability: Double by Setting("keepProbability", null) { builder.optKeepProbability(it.toFloat()) }

    /** The drop probability on the embedding output. */
    var inputDropout: Double by Setting("inputDropout", start?.inputDropout()?.toDouble()) {
        builder.optInputDropout(it.toFloat())
    }

    /** The drop probability between LSTM layers. */
    var hiddenDropout: Double by Setting("hiddenDropout", start?.hiddenDropout()?.toDouble()) {
        builder.optHiddenDropout(it.toFloat())
    }

    /** The drop probability on the last layer's output. */
    var outputDropout: Double by Setting("outputDropout", start?.outputDropout()?.toDouble()) {
        builder.optOutputDropout(it.toFloat())
    }

    /** Weights start uniform in `[-initScale, initScale]` (default 0.05). */
    var initScale: Double by Setting("initScale", start?.initScale()?.toDouble()) { builder.optInitScale(it.toFloat()) }

    /** Added to the forget-gate bias at initialisation (default 1). */
    var forgetBias: Double by Setting("forgetBias", start?.forgetBias()?.toDouble()) { builder.optForgetBias(it.toFloat()) }

    private val head = SoftmaxScope(builder, start)

    /** The softmax head: `softmax { tied = true; projection = true; temperature = 0.8 }`. */
    fun softmax(block: SoftmaxScope.() -> Unit) {
        head.apply(block)
    }

    internal fun build(): ModelSpec = builder.build()
}

/** The body of `softmax { }` inside `languageModel { }`. */
@LongshortDsl
class SoftmaxScope internal constructor(private val builder: ModelSpecBuilder, start: ModelSpec?) {

    /** Whether the output weights are the embedding matrix (default false). */
    var tied: Boolean by Setting("tied", start?.softmax()?.tied() ?: false) { builder.optTiedWeights(it) }

    /** Whether a projection `H -> E` comes before the output weights (default false). */
    var projection: Boolean by Setting("projection", start?.softmax()?.projection() ?: false) {
        builder.optProjection(it)
    }

    /** The sampling temperature recorded with the model (default 1). */
    var temperature: Double by Setting("temperature", start?.softmax()?.temperature()?.toDouble() ?: 1.0) {
        builder.optTemperature(it.toFloat())
    }
}

/** The body of `trainingPlan { }`: the settings of [TrainingPlanBuilder] as properties. */
@LongshortDsl
class TrainingScope internal constructor(private val builder: TrainingPlanBuilder, start: TrainingPlan?) {

    /** The number of epochs. */
    var epochs: Int by Setting("epochs", start?.epochs()) { builder.optEpochs(it) }

    /** The step budget: stop after this many windows in all (0: none). */
    var maxSteps: Long by Setting("maxSteps", start?.maxSteps()) { builder.optMaxSteps(it) }

    /** The update rule: `optimizer = sgd()` (the recipe) or `optimizer = adam()`. */
    var optimizer: Optimizer by Setting("optimizer", start?.optimizer()) { builder.optOptimizer(it) }

    /** Plain SGD, the recipe's rule. */
    fun sgd(): Optimizer = Optimizer.sgd()

    /** Adam with bias correction. */
    fun adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8): Optimizer =
        Optimizer.adam(beta1.toFloat(), beta2.toFloat(), epsilon.toFloat())

    /** The initial learning rate. */
    var learningRate: Double by Setting("learningRate", start?.learningRate()?.toDouble()) {
        builder.optLearningRate(it.toFloat())
    }

    /** The schedule: `schedule = recipe(decay = 0.8, maxLrEpoch = 6)` or `schedule = reduceOnPlateau()`. */
    var schedule: LrSchedule by Setting("schedule", start?.schedule()) { builder.optSchedule(it) }

    /** The recipe's rule: `lr0 * decay ^ max(epoch + 1 - maxLrEpoch, 0)`. */
    fun recipe(decay: Double, maxLrEpoch: Int): LrSchedule = LrSchedule.recipe(decay.toFloat(), maxLrEpoch)

    /** Reduce-on-plateau; the PyTorch example's is the default, a quarter after each epoch without improvement. */
    fun reduceOnPlateau(factor: Double = 0.25, patience: Int = 0): LrSchedule =
        LrSchedule.plateau(factor.toFloat(), patience)

    /** The global-norm clip. */
    var maxGradNorm: Double by Setting("maxGradNorm", start?.maxGradNorm()?.toDouble()) {
        builder.optMaxGradNorm(it.toFloat())
    }

    /** The random seed. */
    var seed: Long by Setting("seed", start?.seed()) { builder.optSeed(it) }

    /** Report every this many windows (0: ten times an epoch). */
    var logEvery: Int by Setting("logEvery", start?.logEvery()) { builder.optLogEvery(it) }

    /** Batch-major or time-major windows. */
    var layout: Layout by Setting("layout", start?.layout()) { builder.optLayout(it) }

    /** Where checkpoints go (default: `checkpoints` in the model folder). */
    var checkpointDir: Path? = start?.checkpointDir()
        set(value) {
            field = value
            builder.optCheckpointDir(value)
        }

    internal fun build(): TrainingPlan = builder.build()
}

/** The body of `data { }`: where the words come from. */
@LongshortDsl
class DataScope internal constructor(internal var source: DataSource) {

    /** The built-in corpus. */
    fun builtin(seed: Long = 42) {
        source = DataSource.builtin(seed)
    }

    /** A PTB-format folder. */
    fun ptb(folder: String) {
        source = DataSource.ptb(Path.of(folder))
    }

    /** Three plain-text files read with a tokenizer. */
    fun textFiles(train: String, valid: String, test: String, tokenizer: Tokenizer = Tokenizer.SENTENCE_PER_LINE) {
        source = DataSource.textFiles(Path.of(train), Path.of(valid), Path.of(test), tokenizer)
    }
}

/** The body of `experiment { }`: engine, model, training and data. */
@LongshortDsl
class ExperimentScope internal constructor(preset: String?) {

    private val start = preset?.let { Presets.get(it) }
    private val modelBuilder: ModelSpecBuilder = start?.toBuilder() ?: LanguageModels.model()
    private val trainingBuilder: TrainingPlanBuilder = start?.toTrainingBuilder() ?: LanguageModels.training()
    private val modelScope = ModelScope(modelBuilder, start?.model())
    private val trainingScope = TrainingScope(trainingBuilder, start?.training())
    private val dataScope = DataScope(DataSource.builtin())
    private var modelGiven = start != null

    /** The engine's name, or null (the default) to leave it to configuration. */
    var engine: String? = null

    /** The model. */
    fun model(block: ModelScope.() -> Unit) {
        modelScope.apply(block)
        modelGiven = true
    }

    /** The training plan (unset settings: the preset's, else the medium preset's). */
    fun training(block: TrainingScope.() -> Unit) {
        trainingScope.apply(block)
    }

    /** The data (default: the built-in corpus). */
    fun data(block: DataScope.() -> Unit) {
        dataScope.apply(block)
    }

    internal fun build(): Experiment {
        if (!modelGiven) {
            throw LongshortException("model { } is missing: an experiment needs a model, or start from a preset"
                + " with experiment(\"tiny\") { }.")
        }
        val b: ExperimentBuilder = LanguageModels.experiment().optEngine(engine).optData(dataScope.source)
        return b.setModel(modelScope.build()).setTraining(trainingScope.build()).build()
    }
}
