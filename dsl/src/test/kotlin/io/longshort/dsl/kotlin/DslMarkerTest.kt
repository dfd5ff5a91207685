package io.longshort.dsl.kotlin

import io.longshort.core.spec.ModelSpec
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * `@DslMarker` at work: Kotlin snippets are compiled with the Kotlin compiler; one where an inner
 * block calls a member of an outer block through the implicit receiver must not compile, while
 * the same call with an explicit receiver does.
 */
class DslMarkerTest {

    @TempDir
    lateinit var tmp: Path

    private fun compile(source: String): Pair<ExitCode, String> {
        val file = tmp.resolve("Snippet${source.hashCode().toUInt()}.kt")
        Files.writeString(file, source)
        val classpath = listOf(
            LongshortDsl::class.java, // this module's Kotlin layer
            ModelSpec::class.java, // core
            Unit::class.java, // the Kotlin standard library
        ).map { File(it.protectionDomain.codeSource.location.toURI()).path }.distinct()
        val messages = ByteArrayOutputStream()
        val code = K2JVMCompiler().exec(
            PrintStream(messages, true, "UTF-8"),
            "-classpath", classpath.joinToString(File.pathSeparator),
            "-d", tmp.resolve("out").toString(),
            "-no-stdlib", "-no-reflect", "-jvm-target", "17",
            file.toString(),
        )
        return code to messages.toString("UTF-8")
    }

    @Test
    fun `the markers are on the receiver types`() {
        for (type in listOf(ModelScope::class, SoftmaxScope::class, TrainingScope::class, DataScope::class,
            ExperimentScope::class)) {
            assertTrue(type.java.isAnnotationPresent(LongshortDsl::class.java), "$type carries @LongshortDsl")
        }
    }

    @Test
    fun `an inner block cannot call an outer one through the implicit receiver`() {
        val (bad, badMessages) = compile(
            """
            import io.longshort.dsl.kotlin.*
            fun inner() = languageModel {
                vocabulary = 100
                lstm(layers = 1, units = 8)
                softmax {
                    embedding = 8
                    tied = true
                }
            }
            fun nested() = experiment {
                model {
                    engine = "pytorch"
                }
            }
            """.trimIndent(),
        )
        assertEquals(ExitCode.COMPILATION_ERROR, bad, badMessages)
        assertTrue(badMessages.contains("implicit receiver"), badMessages)
        assertTrue(badMessages.contains("embedding"), badMessages)
        assertTrue(badMessages.contains("engine"), badMessages)

        val (good, goodMessages) = compile(
            """
            import io.longshort.dsl.kotlin.*
            fun inner() = languageModel {
                vocabulary = 100
                lstm(layers = 1, units = 8)
                softmax {
                    this@languageModel.embedding = 8
                    tied = true
                }
            }
            """.trimIndent(),
        )
        assertEquals(ExitCode.OK, good, goodMessages)
    }
}
