/**
 * The facade ({@link org.medcode.run.Medcode}) and the specs it takes: it loads datasets and code tables, reads
 * predictions, calls the metric engine and hands the result to the report writers. May depend on every package
 * below it (dataset, codesystem, prediction, eval, report); nothing but the CLI depends on it.
 */
package org.medcode.run;
