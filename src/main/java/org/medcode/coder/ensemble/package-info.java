/**
 * {@code ensemble}: combines other coders of the same run, reached through
 * {@link org.medcode.coder.CoderContext#peers()}, by union, weighted vote or score fusion. Depends only on the coder
 * SPI and dataset.
 */
package org.medcode.coder.ensemble;
