package io.longshort.dsl.kotlin

import io.longshort.core.LongshortException
import io.longshort.core.data.DataSource
import io.longshort.core.spec.Layout
import io.longshort.core.spec.LrSchedule
import io.longshort.core.spec.Optimizer
import io.longshort.core.spec.SoftmaxHead
import io.longshort.dsl.LanguageModels
import io.longshort.dsl.Presets
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import io.longshort.core.spec.Presets as CorePresets

/** The Kotlin builders describe the same specs as the Java builders. */
class KotlinDslTest {

    @Test
    fun `the medium preset described in Kotlin equals the Java builder's and the preset`() {
        val kotlin = languageModel {
            vocabulary = 10_000
            embedding = 650
            steps = 35
            batch = 20
            lstm(layers = 2, units = 650)
            keepProbability = 0.5
            initScale = 0.05
            forgetBias = 1.0
        }
        val java = LanguageModels.model()
            .setVocabularySize(10_000)
            .setEmbeddingSize(650)
            .setHiddenSize(650)
            .optNumLayers(2)
            .optNumSteps(35)
            .optBatchSize(20)
            .optKeepProbability(0.5f)
            .optInitScale(0.05f)
            .optForgetBias(1f)
            .build()
        assertEquals(java, kotlin)
        assertEquals(CorePresets.medium().model(), kotlin)

        val plan = trainingPlan {
            epochs = 39
            optimizer = sgd()
            learningRate = 1.0
            schedule = recipe(decay = 0.8, maxLrEpoch = 6)
            maxGradNorm = 5.0
            seed = 42
        }
        assertEquals(LanguageModels.training().optEpochs(39).optLrDecay(0.8f).optMaxLrEpoch(6).build(), plan)
        assertEquals(CorePresets.medium().training(), plan)
    }

    @Test
    fun `the issue's example builds a tied medium-sized model`() {
        val lm = languageModel {
            vocabulary = 10_000
            embedding = 650
            steps = 35
            lstm(layers = 2, units = 650)
            softmax { tied = true }
        }
        val java = LanguageModels.model().setVocabularySize(10_000).setEmbeddingSize(650).optNumSteps(35)
            .setHiddenSize(650).optNumLayers(2).optTiedWeights(true).build()
        assertEquals(java, lm)
        assertEquals(SoftmaxHead.tiedToEmbedding(), lm.softmax())
        val untied = languageModel {
            vocabulary = 10_000
            embedding = 650
            steps = 35
            lstm(layers = 2, units = 650)
        }
        assertEquals(10_000L * 650, untied.parameterCount() - lm.parameterCount())
    }

    @Test
    fun `every model setting reaches the spec`() {
        val kotlin = languageModel {
            vocabulary = 500
            embedding = 64
            lstmLayers(128, 96, 64)
            steps = 12
            batch = 8
            inputDropout = 0.1
            hiddenDropout = 0.2
            outputDropout = 0.3
            initScale = 0.08
            forgetBias = 0.5
            softmax {
                tied = true
                projection = true
                temperature = 0.8
            }
        }
        val java = LanguageModels.model().setVocabularySize(500).setEmbeddingSize(64).setHiddenSizes(128, 96, 64)
            .optNumSteps(12).optBatchSize(8).optInputDropout(0.1f).optHiddenDropout(0.2f).optOutputDropout(0.3f)
            .optInitScale(0.08f).optForgetBias(0.5f).optTiedWeights(true).optProjection(true).optTemperature(0.8f)
            .build()
        assertEquals(java, kotlin)
    }

    @Test
    fun `a preset is a starting point and its values can be read back`() {
        val wider = languageModel("medium") {
            lstm(layers = 2, units = steps * 20)
            dropout = 0.6
        }
        assertEquals(Presets.medium().toBuilder().setHiddenSize(700).optDropout(0.6f).build(), wider)
        val plan = trainingPlan("small") {
            epochs = epochs * 2
            optimizer = adam()
            learningRate = 0.002
            schedule = reduceOnPlateau()
            layout = Layout.TIME_MAJOR
        }
        assertEquals(26, plan.epochs())
        assertEquals(Optimizer.adam(), plan.optimizer())
        assertEquals(LrSchedule.plateau(0.25f, 0), plan.schedule())
    }

    @Test
    fun `an experiment names engine, model, training and data`() {
        val kotlin = experiment {
            engine = "fake"
            model {
                vocabulary = 10_000
                embedding = 200
                lstm(units = 200)
                steps = 20
                initScale = 0.1
            }
            training {
                epochs = 13
                schedule = recipe(decay = 0.5, maxLrEpoch = 4)
            }
            data { builtin(seed = 7) }
        }
        val java = LanguageModels.experiment()
            .setModel(LanguageModels.model().setVocabularySize(10_000).setEmbeddingSize(200).setHiddenSize(200)
                .optNumSteps(20).optInitScale(0.1f).build())
            .setTraining(LanguageModels.training().optEpochs(13).optLrDecay(0.5f).optMaxLrEpoch(4).build())
            .optData(DataSource.builtin(7))
            .optEngine("fake")
            .build()
        assertEquals(java, kotlin)
        assertEquals(CorePresets.small().model(), kotlin.model())
        assertEquals(CorePresets.small().training(), kotlin.training())
        assertEquals(kotlin, io.longshort.core.spec.Experiment.fromJson(kotlin.toJson()))
        assertEquals(Presets.tiny().experiment(), experiment("tiny"))
    }

    @Test
    fun `validation is the Java builders' own`() {
        val e = assertThrows(LongshortException::class.java) {
            languageModel {
                vocabulary = 100
                embedding = 32
                lstm(layers = 2, units = 64)
                softmax { tied = true }
            }
        }
        assertEquals(
            "softmax.projection is false with weights tied to the embedding, hiddenSize 64 and embeddingSize 32:" +
                " it must be true unless the last layer's size equals the embedding size.",
            e.message,
        )
        val missing = assertThrows(LongshortException::class.java) { experiment { engine = "fake" } }
        assertEquals(
            "model { } is missing: an experiment needs a model, or start from a preset with experiment(\"tiny\") { }.",
            missing.message,
        )
        val unset = assertThrows(IllegalStateException::class.java) { languageModel { embedding = embedding + 1 } }
        assertEquals("embedding has not been set in this block; the builder's default applies", unset.message)
    }
}
