package org.medcode.coder.external;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.remote.AdaptiveLimiter;
import org.medcode.coder.remote.CallParameters;
import org.medcode.coder.remote.EndpointGuard;
import org.medcode.coder.remote.ResponseCache;
import org.medcode.coder.remote.Retrying;
import org.medcode.coder.remote.TimedHttp;
import org.medcode.coder.remote.UrlSecrets;

/**
 * {@code http}: POSTs each admission as JSON ({@code schemas/coder/v1/request.schema.json}) to a URL and reads its ranked
 * codes back ({@code answer.schema.json}), with the {@code llm} coder's machinery: in-flight limit, retries of 429s, 5xx
 * and timeouts with backoff, a per-call timeout and a deadline per admission, failures by kind, the response cache and
 * the egress guard for credentialed data. A key, when the service needs one, comes only from the environment variable
 * named by {@code apiKeyEnv} and is sent as a bearer token.
 */
public final class HttpCoderFactory implements CoderFactory {
  static final String NAME = "http";

  private final Function<String, String> env;

  public HttpCoderFactory() {
    this(System::getenv);
  }

  HttpCoderFactory(Function<String, String> env) {
    this.env = env;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "POSTs each admission as JSON (schemas/coder/v1) to a coding service and reads ranked codes back";
  }

  @Override
  public List<CoderParameter> parameters() {
    List<CoderParameter> parameters = new ArrayList<>();
    parameters.add(new CoderParameter("url", "the service's endpoint, e.g. http://127.0.0.1:8765/v1/code", null, Type.TEXT));
    parameters.addAll(CallParameters.calls("60", "4"));
    parameters.add(new CoderParameter("cache", "reuse well-formed answers stored under the cache folder (cache/http) for"
        + " identical requests", "true", Type.BOOLEAN));
    parameters.add(new CoderParameter("apiKeyEnv", "NAME of an environment variable whose value is sent as 'Authorization:"
        + " Bearer'; empty = none", "", Type.TEXT));
    parameters.add(CallParameters.allowedEndpoints());
    return List.copyOf(parameters);
  }

  /** The parameters, parsed and checked once. */
  record Settings(URI url, Duration timeout, Duration deadline, int maxRetries, Duration backoff, int maxInFlight,
      boolean cache, String apiKeyEnv, String allowedEndpoints) {
    static Settings parse(Map<String, String> p) {
      URI url;
      try {
        url = URI.create(p.get("url").trim());
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
          throw new IllegalArgumentException("not an http(s) URL with a host");
        }
      } catch (IllegalArgumentException e) {
        throw UrlSecrets.malformed(NAME, "url", p.get("url"), e);
      }
      UrlSecrets.refuse(NAME, "url", url, "apiKeyEnv: NAME (sent as 'Authorization: Bearer <key>')");
      return new Settings(url, CallParameters.seconds(NAME, p, "timeout"), CallParameters.seconds(NAME, p, "deadline"),
          CoderParameters.atLeast(NAME, p, "maxRetries", 0), CallParameters.seconds(NAME, p, "backoff"),
          CoderParameters.between(NAME, p, "maxInFlight", 1, CoderParameters.MAX_CONCURRENCY), Boolean.parseBoolean(p.get("cache").trim()),
          p.get("apiKeyEnv").trim(), p.get("allowedEndpoints"));
    }
  }

  @Override
  public Optional<String> unavailableReason(Map<String, String> parameters) {
    if (!parameters.containsKey("url")) {
      return Optional.of("needs a url (the coding service's endpoint, e.g. url: http://127.0.0.1:8765/v1/code)");
    }
    try {
      Settings.parse(CoderParameters.resolve(this, parameters));
    } catch (MedcodeException e) {
      return Optional.empty(); // a configuration error (a url that carries a key): refusal() stops the run before it starts
    }
    String keyEnv = parameters.getOrDefault("apiKeyEnv", "").trim();
    if (!keyEnv.isEmpty() && key(keyEnv) == null) {
      return Optional.of("no key in " + keyEnv + " (named by apiKeyEnv)");
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.of("needs a url (the coding service's endpoint, e.g. url: http://127.0.0.1:8765/v1/code)");
  }

  private String key(String name) {
    String value = name.isEmpty() ? null : env.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The one URL every admission is posted to. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.to(Settings.parse(parameters).url().toString());
  }

  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    Settings settings = Settings.parse(parameters);
    try {
      EndpointGuard.check(name(), context, settings.url().toString(), settings.allowedEndpoints());
    } catch (MedcodeException e) {
      return Optional.of(e.getMessage());
    }
    return unsendable(settings.apiKeyEnv(), key(settings.apiKeyEnv()));
  }

  /**
   * Why a key cannot be sent in a header (a character outside printable ASCII: an en dash pasted for a hyphen, a line
   * break inside it), which would fail every admission as a bad answer after counting a call none of them made; empty
   * when it can (or there is none).
   */
  static Optional<String> unsendable(String keyEnv, String key) {
    for (int i = 0; key != null && i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return Optional.of("the key in " + keyEnv + " (named by apiKeyEnv) holds a character no HTTP header can carry"
            + String.format(java.util.Locale.ROOT, " (U+%04X at position %d of %d)", (int) c, i + 1, key.length())
            + ": set it again from its source, as plain ASCII without line breaks");
      }
    }
    return Optional.empty();
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Settings settings = Settings.parse(CoderParameters.resolve(this, parameters));
    EndpointGuard.check(name(), context, settings.url().toString(), settings.allowedEndpoints());
    String key = key(settings.apiKeyEnv());
    if (!settings.apiKeyEnv().isEmpty() && key == null) {
      throw new MedcodeException("coder http: no key in " + settings.apiKeyEnv() + " (named by apiKeyEnv)");
    }
    org.medcode.coder.remote.Redaction.register(key); // a service that echoes it (an error body) never writes it anywhere
    Duration connect = CallParameters.connectTimeout(settings.timeout());
    HttpClient client = TimedHttp.newJdkClient(connect);
    Retrying retrying = new Retrying(new AdaptiveLimiter(settings.maxInFlight()), settings.maxRetries(), settings.backoff(),
        settings.deadline());
    ResponseCache cache = settings.cache() ? new ResponseCache(context.cacheDir().resolve("http")) : null;
    if (cache != null) { // a cache that cannot be written is said once, and counted in the manifest (facts.cache)
      cache.warnTo(message -> context.listener().warning("http: " + message), false);
      cache.warnIfUnwritable();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("protocol", Protocol.VERSION);
    facts.put("url", settings.url().toString());
    return new HttpCoder(settings, client, key, retrying, cache, context.table(), facts);
  }
}
