package org.medcode.run;

import java.nio.file.Path;

/** What {@code medcode report} should do: rebuild the reports of the run in {@code runFolder} from its stored predictions. */
public record ReportSpec(Path runFolder) {}
