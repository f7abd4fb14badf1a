/**
 * Predicted codes: the model of a coder's answer ({@link org.medcode.prediction.Prediction}) and readers for
 * prediction files made elsewhere (TSV as CodiEsp submits, CSV, JSONL). Depends only on the code system's
 * canonical form ({@code CanonicalCodes}) and {@link org.medcode.MedcodeException}; never on datasets, evaluation, reports or the CLI.
 */
package org.medcode.prediction;
