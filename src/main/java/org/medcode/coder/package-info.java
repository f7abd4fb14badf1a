/**
 * The coder SPI: a {@link org.medcode.coder.Coder} codes one admission into ranked
 * {@link org.medcode.coder.CodeSuggestion}s; a {@link org.medcode.coder.CoderFactory} declares parameters and creates
 * configured coders. Sub-packages hold one kind of coder each. Coders may depend on dataset and codesystem; never on
 * eval, report, run or cli.
 */
package org.medcode.coder;
