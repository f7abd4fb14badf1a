/**
 * The {@link org.medcode.run.workspace.Workspace}: the checkout, the pulled public data (pulling what is missing), the
 * results folder, the clock and the run listener; datasets and code tables are loaded through it. Also the harness
 * version and git commit ({@link org.medcode.run.workspace.BuildInfo}). May depend on the coder SPI (for the listener),
 * dataset and codesystem; every other {@code run} package may depend on it.
 */
package org.medcode.run.workspace;
