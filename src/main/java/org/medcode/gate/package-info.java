/**
 * Regression gates: rules such as {@code exact.micro.recall >= 0.40} or {@code category.micro.f1.delta >= -0.01
 * interval}, parsed ({@link org.medcode.gate.GateRule}) and judged ({@link org.medcode.gate.Gate}) against one coder's
 * scores, a baseline's and their paired differences, together with whether the run itself was complete. Pure logic:
 * reading runs and baselines is {@code run.gating}'s, writing verdicts the report layer's.
 */
package org.medcode.gate;
