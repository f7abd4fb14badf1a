/**
 * Every coder medcode knows, in one {@link org.medcode.coder.registry.CoderRegistry}: the built-in coders of the
 * sibling packages, then {@link java.util.ServiceLoader} providers from jars on the class path. The one package that
 * knows the concrete coders; it may depend on the coder SPI and every coder package, and only the application layer
 * ({@code run}, {@code cli}) depends on it.
 */
package org.medcode.coder.registry;
