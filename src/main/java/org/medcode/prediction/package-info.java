/**
 * Predicted codes: the model of a coder's answer ({@link org.medcode.prediction.Prediction}) and readers for
 * prediction files made elsewhere (TSV as CodiEsp submits, CSV, JSONL); a plain ASCII TSV or CSV is read from its
 * bytes ({@code TsvBytes}, {@code org.medcode.CsvBytes}), any other as text, with the same result. Depends only on
 * the code system's canonical form ({@code CanonicalCodes}) and the root package's helpers ({@link
 * org.medcode.MedcodeException}, {@code Ids}, {@code Utf8}, {@code CsvSyntax}, {@code CsvBytes}, {@code PackedKeys});
 * never on datasets, evaluation, reports or the CLI.
 */
package org.medcode.prediction;
