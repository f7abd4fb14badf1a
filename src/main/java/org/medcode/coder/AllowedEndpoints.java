package org.medcode.coder;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;

/**
 * Where credentialed data may be sent: a list of {@code loopback} (this machine: {@code localhost}, 127.0.0.0/8, ::1),
 * host names ({@code vllm.hospital.internal}), IP addresses ({@code 10.0.0.5}, {@code [2001:db8::1]}), each optionally
 * with {@code :port}. A URL is allowed when its parsed host equals an entry's host exactly (never a prefix, suffix or
 * substring; names are compared as written, lower-cased, so {@code api.example.com.} with a trailing dot is another
 * name than {@code api.example.com}; IPv6 addresses are compared as addresses, so {@code [0:0::1]} is {@code [::1]})
 * and, when the entry names a port, the URL's port (80/443 when the URL has none) equals it. Nothing is resolved.
 *
 * <p>Refused whatever the list says: URLs that are not http(s), that carry user info ({@code user@host},
 * {@code localhost@host}), whose authority Java cannot parse into a host, IPv6 addresses with a zone
 * ({@code [fe80::1%25eth0]}), and IPv4 addresses written in any form but four decimal numbers ({@code 127.1},
 * {@code 2130706433}, {@code 0x7f.0.0.1}, {@code 127.000.000.001}), which resolvers read differently.
 */
public final class AllowedEndpoints {
  /** The entry meaning this machine. */
  public static final String LOOPBACK = "loopback";

  private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern IPV4_LIKE = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

  /** An entry: this machine, or a host with a port (-1: any port). */
  private record Entry(boolean loopback, Host host, int port, String written) {}

  /** A parsed host: its kind and canonical text (names lower case; IPv6 in brackets, full form). */
  record Host(Kind kind, String canonical) {
    enum Kind { NAME, IPV4, IPV6 }

    boolean loopback() {
      return switch (kind) {
        case NAME -> canonical.equals("localhost");
        case IPV4 -> canonical.startsWith("127.");
        case IPV6 -> canonical.equals("[0:0:0:0:0:0:0:1]");
      };
    }
  }

  private final List<Entry> entries;

  private AllowedEndpoints(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Only this machine (the default everywhere). */
  public static AllowedEndpoints loopbackOnly() {
    return parse(List.of(LOOPBACK));
  }

  /** Parses a comma-separated list; a malformed entry is an error naming it. */
  public static AllowedEndpoints parse(String commaSeparated) {
    return parse(List.of(commaSeparated == null ? "" : commaSeparated));
  }

  /** Parses entries, each of which may itself be comma-separated; a malformed entry is an error naming it. */
  public static AllowedEndpoints parse(List<String> items) {
    List<Entry> entries = new ArrayList<>();
    for (String item : items) {
      for (String part : item.split(",")) {
        String text = part.trim().toLowerCase(Locale.ROOT);
        if (!text.isEmpty()) {
          entries.add(entry(text));
        }
      }
    }
    return new AllowedEndpoints(entries);
  }

  private static Entry entry(String text) {
    if (text.equals(LOOPBACK)) {
      return new Entry(true, null, -1, text);
    }
    String problem = null;
    if (text.contains("://") || text.contains("/")) {
      problem = "write the host (and optionally :port), not a URL";
    } else if (text.contains("@")) {
      problem = "an entry names a host; user info (user@host) is not allowed";
    } else if (text.contains("*")) {
      problem = "wildcards are not allowed; list each host";
    }
    if (problem == null) {
      try {
        String hostText = text;
        int port = -1;
        if (text.startsWith("[")) {
          int close = text.indexOf(']');
          if (close < 0) {
            throw new IllegalArgumentException("an IPv6 address needs its closing ']'");
          }
          hostText = text.substring(0, close + 1);
          String rest = text.substring(close + 1);
          if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
              throw new IllegalArgumentException("expected :port after ']'");
            }
            port = port(rest.substring(1));
          }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
          hostText = "[" + text + "]"; // a bare IPv6 address (no port possible)
        } else if (text.contains(":")) {
          hostText = text.substring(0, text.indexOf(':'));
          port = port(text.substring(text.indexOf(':') + 1));
        }
        return new Entry(false, host(hostText), port, text);
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    // an entry written as a URL may carry a key (user info, a query): shown up to its path only, in the problem too
    String shown = org.medcode.Urls.shown(text);
    throw new MedcodeException("allowedEndpoints: '" + shown + "' is not an allowed-endpoint entry ("
        + problem.replace(text, shown) + "); expected loopback, a host name, an IP address or [IPv6], optionally with :port, e.g."
        + " loopback, vllm.hospital.internal, myresource.openai.azure.com:443");
  }

  private static int port(String text) {
    if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
      throw new IllegalArgumentException("'" + text + "' is not a port (1-65535)");
    }
    return Integer.parseInt(text);
  }

  /**
   * Parses a host as a URL carries it (lower case; IPv6 in brackets).
   *
   * @throws IllegalArgumentException when it is no host name, dotted-quad IPv4 address or bracketed IPv6 address
   */
  static Host host(String text) {
    String h = text.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      if (!h.endsWith("]") || h.length() < 3) {
        throw new IllegalArgumentException("'" + text + "' is not a bracketed IPv6 address");
      }
      String inner = h.substring(1, h.length() - 1);
      if (inner.contains("%")) {
        throw new IllegalArgumentException("IPv6 addresses with a zone ('%') are not allowed");
      }
      if (!inner.contains(":") || !inner.matches("[0-9a-f:.]+")) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
      }
      try {
        InetAddress address = InetAddress.getByName(inner); // a literal with ':' is parsed, never looked up
        if (address instanceof Inet4Address) { // an IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 address
          return new Host(Host.Kind.IPV4, address.getHostAddress());
        }
        return new Host(Host.Kind.IPV6, "[" + address.getHostAddress() + "]");
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
      }
    }
    String[] labels = h.endsWith(".") ? h.substring(0, h.length() - 1).split("\\.", -1) : h.split("\\.", -1);
    if (labels.length == 4 && !h.endsWith(".") && java.util.Arrays.stream(labels).allMatch(l -> OCTET.matcher(l).matches())) {
      return new Host(Host.Kind.IPV4, h);
    }
    if (IPV4_LIKE.matcher(labels[labels.length - 1]).matches()) {
      throw new IllegalArgumentException("'" + text + "' looks like an IPv4 address in a form other than four decimal"
          + " numbers (a.b.c.d), which resolvers read differently");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches() || label.length() > 63) {
        throw new IllegalArgumentException("'" + text + "' is not a host name");
      }
    }
    return new Host(Host.Kind.NAME, h);
  }

  /**
   * Whether a host as a URL carries it (or a bare IPv6 address) is this machine ({@code localhost}, 127.0.0.0/8, ::1),
   * parsed strictly.
   */
  public static boolean isLoopback(String host) {
    String h = host.indexOf(':') != host.lastIndexOf(':') && !host.startsWith("[") ? "[" + host + "]" : host;
    try {
      return host(h).loopback();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Why credentialed data must not go to {@code url}; empty when the list allows it. */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of(url + " is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(url + " is not an http(s) URL");
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    if (uri.getRawUserInfo() != null || authority.contains("@")) {
      return Optional.of(url + " carries user info before '@' in its authority ('" + authority + "'); such URLs are"
          + " refused, since clients disagree on which host they name");
    }
    if (uri.getHost() == null) {
      return Optional.of(url + " has no host that can be parsed (authority '" + authority + "')");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String expectedAuthority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    if (!authority.equalsIgnoreCase(expectedAuthority)) {
      return Optional.of(url + ": its authority '" + authority + "' is not just a host and port");
    }
    Host host;
    try {
      host = host(uri.getHost());
    } catch (IllegalArgumentException e) {
      return Optional.of(url + ": " + e.getMessage());
    }
    for (Entry entry : entries) {
      if (entry.loopback() ? host.loopback() : entry.host().equals(host) && (entry.port() < 0 || entry.port() == port)) {
        return Optional.empty();
      }
    }
    String hint = "";
    if (host.kind() == Host.Kind.NAME && host.canonical().endsWith(".")) {
      hint = " (a trailing dot makes another name: write the host exactly as allowed, or allow it as written)";
    }
    return Optional.of(url + " (host " + host.canonical() + ", port " + port + ") is not on the allowed endpoints ("
        + describe() + ")" + hint);
  }

  /** The entries as written, comma-separated; {@code none} when empty. */
  public String describe() {
    return entries.isEmpty() ? "none" : String.join(", ", entries.stream().map(Entry::written).toList());
  }

  /** The entries as written. */
  public List<String> entries() {
    return entries.stream().map(Entry::written).toList();
  }
}
