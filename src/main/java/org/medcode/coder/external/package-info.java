/**
 * Coders that are programs of their own, in any language, speaking the protocol of {@code schemas/coder/v1/}
 * ({@code Protocol}: one admission as JSON in, its ranked codes as JSON out): {@code http} POSTs each admission to a
 * service, with {@code coder.remote}'s machinery (in-flight limit, retries, timeouts, failure kinds, cache, egress
 * guard); {@code exec} starts worker processes that read admissions as JSON Lines on stdin and answer on stdout
 * ({@code ExecCoder}, {@code Worker}: handshake, per-admission timeout, restart of a crashed worker, stderr into the
 * coder's log; {@code WorkerGuard}: a process that ends the workers when medcode is killed). Depends on the coder SPI, {@code coder.remote}, dataset and codesystem, and Jackson; never on run, eval,
 * report or cli.
 */
package org.medcode.coder.external;
