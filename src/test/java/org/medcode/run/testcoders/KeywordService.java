package org.medcode.run.testcoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * A coding service for the {@code http} coder in the test's JVM (it outlives a killed child run): POST /v1/code answers a
 * code, score 0.5, for every keyword the admission's notes contain (never the gold codes: they are not sent).
 */
public final class KeywordService {
  private KeywordService() {}

  /** Starts the service on a free loopback port; {@code codeByKeyword} in the order codes are listed. */
  public static HttpServer start(Map<String, String> codeByKeyword) throws IOException {
    ObjectMapper json = new ObjectMapper();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/code", exchange -> {
      JsonNode request = json.readTree(exchange.getRequestBody());
      String notes = request.get("notes").toString().toLowerCase(Locale.ROOT);
      ObjectNode answer = json.createObjectNode().put("id", request.get("id").asText());
      ArrayNode codes = answer.putArray("codes");
      codeByKeyword.forEach((keyword, code) -> {
        if (notes.contains(keyword)) {
          codes.addObject().put("code", code).put("score", 0.5);
        }
      });
      byte[] body = json.writeValueAsBytes(answer);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** The URL the {@code http} coder posts to. */
  public static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/code";
  }
}
