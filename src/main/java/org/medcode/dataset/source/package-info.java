/**
 * Public data sources: the registry of what medcode-bench can pull ({@code sources.yaml}: folder, version, licence,
 * home page, files with URLs and SHA-256), {@link org.medcode.dataset.source.DataPuller} to copy them from a mirror or
 * download them (verified, atomic, idempotent, recorded in {@code .medcode-source.json}) and to list what a data
 * root holds, and the "missing data" error that names the pull command.
 *
 * <p>May depend on: {@code org.medcode.MedcodeException}, {@code org.medcode.Launcher} (the launcher a pull command
 * names), the JDK (java.net.http, java.util.zip) and Jackson.
 * Nothing else in medcode; in particular not on the loaders of {@code org.medcode.dataset}.
 */
package org.medcode.dataset.source;
