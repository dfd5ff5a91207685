/**
 * The README's Java and Kotlin snippets, each the region between {@code // tag::NAME[]} and
 * {@code // end::NAME[]} of a source here. {@code ReadmeSnippetsTest} checks that the README
 * holds every region verbatim (and nothing else as Java or Kotlin) and runs the programs.
 */
package io.longshort.examples.readme;
