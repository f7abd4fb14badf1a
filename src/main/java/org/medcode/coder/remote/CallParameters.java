package org.medcode.coder.remote;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;

/** The parameters every coder that calls a model over the network declares alike: timeouts, retries, concurrency, egress. */
public final class CallParameters {
  private CallParameters() {}

  /** {@code timeout}, {@code deadline}, {@code maxRetries}, {@code backoff} and {@code maxInFlight}, with the coder's defaults. */
  public static List<CoderParameter> calls(String timeoutSeconds, String maxInFlight) {
    return List.of(
        new CoderParameter("timeout", "seconds one call may take before it is cancelled (then retried)", timeoutSeconds,
            Type.DECIMAL),
        new CoderParameter("deadline", "seconds one admission may take, retries and waits included", "600", Type.DECIMAL),
        new CoderParameter("maxRetries", "retries after a 429, a 5xx (not 501 or 505), a timeout, a connection"
            + " that broke, or one refused by a server that answered earlier (restarting); other failures are not retried", "5",
            Type.INTEGER),
        new CoderParameter("backoff", "seconds before the first retry (doubled each time, with jitter) unless the server"
            + " says Retry-After", "1", Type.DECIMAL),
        new CoderParameter("maxInFlight", "most requests in flight (the run uses this many threads); lowered on 429s and"
            + " timeouts and raised back", maxInFlight, Type.INTEGER));
  }

  /** {@code allowedEndpoints}: where credentialed data may be sent (narrowing the run's list). */
  public static CoderParameter allowedEndpoints() {
    return new CoderParameter("allowedEndpoints", "where credentialed data (MIMIC) may be sent: run (the run's"
        + " allowedEndpoints, default loopback), or loopback, host or host:port, comma-separated", "run", Type.TEXT);
  }

  /** How long a connection may take to open: the call's timeout, at most 10 seconds. */
  public static Duration connectTimeout(Duration callTimeout) {
    Duration most = Duration.ofSeconds(10);
    return callTimeout.compareTo(most) < 0 ? callTimeout : most;
  }

  /** A resolved parameter in seconds (more than 0); else an error naming the coder and the parameter. */
  public static Duration seconds(String coder, Map<String, String> resolved, String name) {
    double value = Double.parseDouble(resolved.get(name).trim());
    if (!(value > 0)) {
      throw new MedcodeException("coder " + coder + ": parameter '" + name + "' must be a positive number of seconds, got "
          + value);
    }
    return Duration.ofNanos(AdaptiveLimiter.nanos(value));
  }
}
