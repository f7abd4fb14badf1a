package org.medcode.coder.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** For test servers that speak HTTP/1.x over a plain socket, to misbehave in ways a real server library will not. */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Reads one request from {@code in} (its head, then as many body bytes as its Content-Length says); throws {@link
   * EOFException} when the client closed the connection first.
   */
  public static void readRequest(InputStream in) throws IOException {
    int length = 0;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException();
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
