/**
 * What coders that send admissions to a model elsewhere share ({@code llm}, {@code http}): the adaptive in-flight limit
 * ({@link org.medcode.coder.remote.AdaptiveLimiter}), retries of 429s, 5xx errors and timeouts with backoff within a
 * deadline per admission ({@link org.medcode.coder.remote.Retrying}), failures by kind
 * ({@link org.medcode.coder.remote.CallFailure}), HTTP exchanges with a hard per-call timeout
 * ({@link org.medcode.coder.remote.TimedHttp}), the response cache on disk
 * ({@link org.medcode.coder.remote.ResponseCache}), the guard that keeps credentialed data on allowed endpoints
 * ({@link org.medcode.coder.remote.EndpointGuard}) and the refusal of an endpoint URL that carries a key
 * ({@link org.medcode.coder.remote.UrlSecrets}). Depends on the coder SPI and Jackson; never on a coder package,
 * eval, report, run or cli.
 */
package org.medcode.coder.remote;
