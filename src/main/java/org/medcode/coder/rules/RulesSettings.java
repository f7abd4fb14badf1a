package org.medcode.coder.rules;

import java.nio.file.Path;

/**
 * The resolved parameters of one rules coder (see {@link RulesCoderFactory#parameters()} for their meaning).
 * {@code language} is null for {@code auto}.
 */
record RulesSettings(
    Path rulesDir,
    RulesLanguage language,
    ContextPolicy policy,
    int contextWindow,
    int slack,
    double minScore,
    int maxCodes,
    boolean learn,
    int minSupport,
    double minPrecision,
    double lexiconShare) {}
