package org.medcode.run.testcoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A worker of the {@code exec} coder in Java, for tests that must not need python3: answers the hello, then codes each
 * admission with the keyword=CODE pairs of its arguments (a code for every keyword its notes contain).
 */
public final class ExecStub {
  private ExecStub() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonNode message = json.readTree(line);
      ObjectNode answer = json.createObjectNode();
      if (message.has("hello")) {
        answer.put("hello", "medcode-coder/v1");
        answer.putObject("model").put("name", "exec-stub").put("version", "1");
      } else {
        answer.put("id", message.get("id").asText());
        StringBuilder text = new StringBuilder();
        message.get("notes").forEach(note -> text.append(note.get("text").asText()).append('\n'));
        String lower = text.toString().toLowerCase(Locale.ROOT);
        var codes = answer.putArray("codes");
        for (String pair : args) {
          String[] parts = pair.split("=", 2);
          if (lower.contains(parts[0])) {
            codes.addObject().put("code", parts[1]).put("score", 0.5);
          }
        }
      }
      out.println(json.writeValueAsString(answer));
    }
  }
}
