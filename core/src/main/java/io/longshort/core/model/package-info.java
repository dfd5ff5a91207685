/** The DJL block graph of the recipe's network and its cost. */
package io.longshort.core.model;
