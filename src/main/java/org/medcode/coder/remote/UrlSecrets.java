package org.medcode.coder.remote;

import java.net.URI;
import java.net.URISyntaxException;
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
   * Parameters (of the query, a path segment or the fragment) that carry a credential by their name, alone or as the
   * last word of a longer name ({@code client_secret}, {@code x-api-key}, {@code subscription-key}); {@code code} only
   * alone ({@code icd_code} may be a coding service's own); {@code keyword} or {@code codeSystem} are not.
   */
  private static final Pattern SECRET = Pattern.compile(
      "(?i)code|(.*[-_.])?(api[_-]?key|key|token|access[_-]?token|secret|password|passwd|pwd|sig|signature|auth)");

  private UrlSecrets() {}

  /**
   * Refuses (a {@link MedcodeException} naming {@code coder} and its {@code parameter}, never the secret) a url with a
   * user and password, or a parameter such as {@code key} or {@code token} in its query, in a path segment
   * ({@code /v1;key=…}) or in its fragment ({@code #key=…}: never sent, but written wherever the url is);
   * {@code howToGiveIt} says where the key goes instead.
   */
  public static void refuse(String coder, String parameter, URI url, String howToGiveIt) {
    String query = secretName(url.getRawQuery());
    String path = secretName(pathParameters(url.getRawPath()));
    String fragment = secretName(url.getRawFragment());
    String found = url.getRawUserInfo() != null ? "a user and password before the host"
        : query != null ? "the query parameter '" + query + "'"
        : path != null ? "the path parameter '" + path + "'"
        : fragment != null ? "the fragment's parameter '" + fragment + "', after #"
        : null;
    if (found != null) {
      throw new MedcodeException("coder " + coder + ": parameter '" + parameter + "' carries a credential (" + found
          + "); the config is kept in the run folder (config.yaml, manifest.json) and named in reports, and keys come"
          + " from the environment only: give the key with " + howToGiveIt + " and take it out of the " + parameter);
    }
  }

  /**
   * Why {@code url} is no http(s) URL with a host, for {@code coder}'s {@code parameter}, showing it only up to its path
   * (a malformed url may carry a key in its user info, path parameters, query or fragment; neither the url's rest nor
   * the parser's message, which repeats it, is shown).
   */
  public static MedcodeException malformed(String coder, String parameter, String url, IllegalArgumentException e) {
    String reason = e.getCause() instanceof URISyntaxException syntax ? syntax.getReason() + " at index " + syntax.getIndex()
        : e.getMessage();
    return new MedcodeException("coder " + coder + ": parameter '" + parameter + "' must be an http(s) URL, got '"
        + org.medcode.Urls.shown(url) + "' (" + reason + ")");
  }

  /**
   * The first name of {@code pairs} ({@code name=value} separated by {@code &} or {@code ;}, as a query, a fragment or
   * path parameters are written) that carries a credential, as written; null when none does or there are none.
   */
  private static String secretName(String pairs) {
    if (pairs == null) {
      return null;
    }
    for (String pair : pairs.split("[&;]")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (SECRET.matcher(decoded(name)).matches()) {
        return name;
      }
    }
    return null;
  }

  /** The parameters of every path segment ({@code ;key=…} in {@code /v1;key=…/code}), {@code ;}-separated; null: no path. */
  private static String pathParameters(String rawPath) {
    if (rawPath == null) {
      return null;
    }
    StringBuilder parameters = new StringBuilder();
    for (String segment : rawPath.split("/")) {
      if (segment.contains(";")) {
        parameters.append(';').append(segment.substring(segment.indexOf(';') + 1));
      }
    }
    return parameters.toString();
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
