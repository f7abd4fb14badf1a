/**
 * {@code ensemble}: combines other coders of the same run, reached through
 * {@link org.medcode.coder.CoderContext#peers()}: by a stacked scorer learned from the members' cross-fitted answers on
 * the training split (each member created again per fold through {@link org.medcode.coder.Refittable}, answers cached
 * like models), or by union, weighted vote or score fusion. Depends only on the coder SPI, the training kit and dataset.
 */
package org.medcode.coder.ensemble;
