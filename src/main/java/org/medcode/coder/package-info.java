/**
 * The coder SPI: a {@link org.medcode.coder.Coder} codes one admission into ranked
 * {@link org.medcode.coder.CodeSuggestion}s; a {@link org.medcode.coder.CoderFactory} declares its parameters (checked in
 * one place, {@link org.medcode.coder.CoderParameters}) and creates configured coders from a
 * {@link org.medcode.coder.CoderContext}; a coder that learns offers the {@link org.medcode.coder.Trainable} capability
 * (its factory trains model folders) and is {@link org.medcode.coder.Refittable} (an ensemble creates it again on part of
 * the training split to cross-fit it);
 * coders tell the person running them what happens through a {@link org.medcode.coder.RunListener}, never the console.
 * Coders that pay per admission or send data away also answer the run's questions before it starts: may it run under
 * this budget on this data ({@code CoderFactory.refusal}), what would it send and cost ({@code CoderFactory.estimate},
 * an {@link org.medcode.coder.Estimate}), what may one admission cost at most ({@code Coder.worstCaseCost}); and a coder
 * that answers many admissions at once (a batch API) gets them all first ({@code Coder.prepare}, with a
 * {@link org.medcode.coder.CodingSession}); {@code Coder.facts} go into the manifest.
 * Sub-packages hold one kind of coder each, the shared training kit ({@code training}) and the registry of them all
 * ({@code registry}). May depend on the training kit, dataset and codesystem; never on a coder package, eval, report,
 * run or cli.
 */
package org.medcode.coder;
