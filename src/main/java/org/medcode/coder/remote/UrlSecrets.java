package org.medcode.coder.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;

/**
 * Refuses an endpoint URL of a coder's config that carries a credential: the config is kept in the run folder
 * ({@code config.yaml}, the manifest) and named in reports, while keys come from the environment only.
 */
public final class UrlSecrets {
  /**
   * Query parameters that carry a credential by their name, alone or as the last word of a longer name
   * ({@code client_secret}, {@code x-api-key}, {@code subscription-key}); {@code code} only alone ({@code icd_code} may
   * be a coding service's own); {@code keyword} or {@code codeSystem} are not.
   */
  private static final Pattern SECRET = Pattern.compile(
      "(?i)code|(.*[-_.])?(api[_-]?key|key|token|access[_-]?token|secret|password|passwd|pwd|sig|signature|auth)");

  private UrlSecrets() {}

  /**
   * Refuses (a {@link MedcodeException} naming {@code coder} and its {@code parameter}, never the secret) a url with a
   * user and password, or a query parameter such as {@code key} or {@code token}; {@code howToGiveIt} says where the key
   * goes instead.
   */
  public static void refuse(String coder, String parameter, URI url, String howToGiveIt) {
    String found = null;
    if (url.getRawUserInfo() != null) {
      found = "a user and password before the host";
    } else if (url.getRawQuery() != null) {
      for (String pair : url.getRawQuery().split("&")) {
        String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (SECRET.matcher(decoded(name)).matches()) {
          found = "the query parameter '" + name + "'";
          break;
        }
      }
    }
    if (found != null) {
      throw new MedcodeException("coder " + coder + ": parameter '" + parameter + "' carries a credential (" + found
          + "); the config is kept in the run folder (config.yaml, manifest.json) and named in reports, and keys come"
          + " from the environment only: give the key with " + howToGiveIt + " and take it out of the " + parameter);
    }
  }

  /** A query parameter's name as the server reads it ({@code %6Bey} is {@code key}); as written if it cannot be decoded. */
  private static String decoded(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }
}
