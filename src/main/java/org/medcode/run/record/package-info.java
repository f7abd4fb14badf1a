/**
 * The typed records of a run folder and their (de)serialisation: the config ({@link org.medcode.run.record.RunConfig},
 * read from YAML with {@code --set} overrides by {@link org.medcode.run.record.RunConfigs}) and the manifest
 * ({@link org.medcode.run.record.RunManifest}: dataset and table references, harness, each coder's entry), which
 * Jackson reads and writes directly. The only {@code run} package that handles JSON trees. May depend on dataset, eval
 * (evaluation settings) and codesystem.
 */
package org.medcode.run.record;
