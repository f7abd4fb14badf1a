/**
 * The one entry point for loading a dataset named by a {@link org.medcode.dataset.DatasetSpec}: {@link
 * org.medcode.dataset.load.Datasets} hands each format to its loader (JSONL, CSV and CodiEsp in {@code dataset}, MIMIC
 * in {@code dataset.mimic}). May depend on both; only the application layer and tests depend on it.
 */
package org.medcode.dataset.load;
