/**
 * The facade ({@link org.medcode.run.Medcode}), the specs its verbs take and the console listener the command line
 * gives it: each verb hands its work, with the {@link org.medcode.run.workspace.Workspace}, to the package that does it
 * (the run engine, gating, cohorts, inspections, the metric engine and the report writers) and is not called back. May
 * depend on every package below it; nothing but the CLI depends on it.
 */
package org.medcode.run;
