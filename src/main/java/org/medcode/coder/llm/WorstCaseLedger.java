package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.AppendedLines;
import org.medcode.Launcher;
import org.medcode.MedcodeException;

/**
 * The coder folder's {@code worst-cases.jsonl}: one line ({@code key}, {@code receipt}) per online attempt, written whole
 * to the operating system before the request is sent (a session killed while it is out leaves an answer the provider
 * billed and nobody read), or, when that could not be written, after an attempt counted at its worst case. The
 * admission's log line names the receipt when it is written; a line whose receipt no log line names was spent by a
 * session killed before that ({@link #unlogged}), and the admission that sends its request again is charged for it,
 * once.
 */
final class WorstCaseLedger {
  static final String FILE = "worst-cases.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  private WorstCaseLedger(Path file) {
    this.file = file;
  }

  /** The ledger of a coder folder; a torn last line (a kill during its write) is cut, as the prediction log's is. */
  static WorstCaseLedger in(Path folder) {
    return new WorstCaseLedger(folder.resolve(FILE));
  }

  /** The file, open for appending from the first record on ({@link #close} ends it). */
  private FileChannel out;

  /**
   * Records, durably, an attempt of the request of cache key {@code key} under {@code receipt}: one write to the
   * operating system (the file stays open for the session's next attempts), so a kill of the process after it loses
   * nothing.
   */
  synchronized void record(String key, String receipt) {
    byte[] line = (JSON.createObjectNode().put("key", key).put("receipt", receipt) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      }
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot write to " + file + "; continue with " + Launcher.command() + " run --resume on the run"
          + " folder once it can be written", e);
    }
  }

  /** Ends the session's writes (a later record opens the file again). */
  synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // every line was written whole to the operating system before: nothing is lost
      }
      out = null;
    }
  }

  /**
   * The receipts of the ledger's lines that {@code logged} (the receipts of the run folder's log) does not name, by
   * cache key. A torn last line is cut; a damaged line elsewhere is an error naming the file and line.
   */
  synchronized Map<String, List<String>> unlogged(Set<String> logged) {
    Map<String, List<String>> unlogged = new HashMap<>();
    if (!Files.exists(file)) {
      return unlogged;
    }
    try {
      long torn = AppendedLines.read(file, (text, number) -> {
        JsonNode line = parse(text, number);
        String receipt = line.get("receipt").asText();
        if (!logged.contains(receipt)) {
          unlogged.computeIfAbsent(line.get("key").asText(), k -> new ArrayList<>()).add(receipt);
        }
      });
      if (torn >= 0) { // cut by a kill: that attempt's answer was never awaited, nor another attempt sent
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(torn);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return unlogged;
  }

  private JsonNode parse(String text, long number) {
    try {
      JsonNode line = JSON.readTree(text);
      if (line.path("key").isTextual() && line.path("receipt").isTextual()) {
        return line;
      }
    } catch (IOException e) {
      // said below
    }
    throw new MedcodeException.BadInput(file, number, "damaged line (not written by an interrupted run): a line is"
        + " {\"key\": …, \"receipt\": …}; restore the file from a copy (deleting a line drops what it cost from the"
        + " budget)");
  }
}
