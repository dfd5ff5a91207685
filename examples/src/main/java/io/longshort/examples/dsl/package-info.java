/**
 * The same model described from Java ({@link io.longshort.examples.dsl.JavaDslExample}) and from
 * Kotlin ({@code KotlinDslExample}), each runnable from {@code examples/bin}.
 */
package io.longshort.examples.dsl;
