/** The {@code longshort} command-line program. */
package io.longshort.cli;
