package org.medcode.coder.llm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medcode.MedcodeException;

/**
 * Keeps credentialed patient data (e.g. MIMIC, whose data use agreement forbids sending it to third parties) on
 * endpoints the user allowed. {@code allowedEndpoints} is a comma-separated list of {@code loopback} (127.0.0.0/8,
 * ::1, localhost), host names ({@code vllm.hospital.internal}) or {@code host:port}; hosts are compared by name, never
 * resolved. Checked when the coder is created, before any request.
 */
final class EndpointGuard {
  private EndpointGuard() {}

  static void check(boolean credentialed, String baseUrl, String allowedEndpoints) {
    if (!credentialed) {
      return;
    }
    URI uri = URI.create(baseUrl);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    List<String> allowed = new ArrayList<>();
    for (String entry : allowedEndpoints.split(",")) {
      String item = entry.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      allowed.add(item);
      if (item.equals("loopback") && isLoopback(host)) {
        return;
      }
      if (item.equals(host) || item.equals(host + ":" + port)) {
        return;
      }
    }
    throw new MedcodeException("coder llm: this dataset holds credentialed patient data and " + baseUrl
        + " is not on the allow-list (allowedEndpoints: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
        + "). Its data use agreement may forbid sending notes to that service; use a local model, or add the host to"
        + " allowedEndpoints only if your agreement permits it (e.g. a provider with a signed BAA / zero retention).");
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}
