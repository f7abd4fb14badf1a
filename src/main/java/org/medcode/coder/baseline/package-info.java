/** Trivial but useful coders: {@code frequency} (most frequent training codes) and {@code replay} (a file made elsewhere). */
package org.medcode.coder.baseline;
