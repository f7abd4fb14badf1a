package org.medcode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * YAML parsers for the files users write (configs, studies, gates, {@code --set} values, the llm coder's price files
 * and {@code price}) that refuse the one number YAML 1.1 changes silently: an integer with a leading zero
 * ({@code seed: 010}) is octal there (8), which nobody writing a seed, a count, a year or a price means (07, the same number either way, is fine). Hexadecimal ({@code 0x10}) and binary
 * ({@code 0b10}) are explicit and stay allowed. An alias ({@code *name}, also in a merge key {@code <<: *name}) is
 * refused: Jackson does not expand it but reads it as the text of the anchor's name.
 */
public final class Yaml {
  private static final Pattern OCTAL = Pattern.compile("[-+]?0[0-7_]+");

  private Yaml() {}

  /**
   * A file that does not parse as YAML, as a user reads it: its line, and Jackson's message without the location it
   * appends on a line of its own ({@code at [Source: (File); line: 6, column: 14]}); YAML's {@code .nan} and
   * {@code .inf}, which Jackson cannot read as a number, are said to be no number a key takes.
   */
  public static MedcodeException.BadInput notYaml(Path file, IOException e, String what) {
    long line = e instanceof JsonProcessingException json && json.getLocation() != null
        ? json.getLocation().getLineNr() : 0;
    return new MedcodeException.BadInput(file, line, what + ": " + problem(e));
  }

  /** Jackson's message of a YAML text that does not parse, without its location line. */
  public static String problem(IOException e) {
    String message = e instanceof JsonProcessingException json
        && json.getOriginalMessage() != null ? json.getOriginalMessage() : String.valueOf(e.getMessage());
    if (message.matches("(?s)Malformed numeric value '[-+]?\\.(nan|NaN|NAN|inf|Inf|INF)'.*")) {
      message += " (YAML's .nan and .inf are no number a key takes: write a number)";
    }
    return message;
  }

  /** A parser over a YAML file; a leading-zero integer is a {@link MedcodeException.BadInput} naming the file and line. */
  public static JsonParser parser(ObjectMapper yaml, Path file) throws IOException {
    return strict(yaml.getFactory().createParser(file.toFile()), file);
  }

  /** A parser over YAML text (a {@code --set} value); a leading-zero integer is a {@link MedcodeException}. */
  private static JsonParser parser(ObjectMapper yaml, String text) throws IOException {
    return strict(yaml.getFactory().createParser(text), null);
  }

  /**
   * The YAML file as a tree, read through {@link #parser(ObjectMapper, Path)}, as a config is read: a key given twice
   * ({@link JsonParser.Feature#STRICT_DUPLICATE_DETECTION}) and a second YAML document (after {@code ---}) are errors
   * naming the file and line, never the last key winning or the other documents left unread.
   */
  public static JsonNode readTree(ObjectMapper yaml, Path file) throws IOException {
    try (JsonParser parser = parser(yaml, file)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode tree = yaml.readTree(parser);
      if (tree != null && parser.nextToken() != null) {
        throw new MedcodeException.BadInput(file, parser.currentLocation().getLineNr(), "holds more than one YAML"
            + " document (separated by ---), of which only the first would be read: merge them, or keep one per file");
      }
      return tree;
    }
  }

  /** YAML text as a tree, read through {@link #parser(ObjectMapper, String)}. */
  public static JsonNode readTree(ObjectMapper yaml, String text) throws IOException {
    try (JsonParser parser = parser(yaml, text)) {
      return yaml.readTree(parser);
    }
  }

  private static JsonParser strict(JsonParser parser, Path file) {
    return new JsonParserDelegate(parser) {
      @Override
      public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          // Jackson hands an alias on as the text of its anchor's name: *t would be read as 't', a merge key
          // (<<: *base) as a key '<<' holding 'base'
          String problem = (delegate.currentName() == null ? "" : "'" + delegate.currentName() + "': ") + "*"
              + delegate.getText() + " is a YAML alias, which is not expanded here (it would be read as the text '"
              + delegate.getText() + "'); write the value out in full where it is used";
          throw file == null ? new MedcodeException(problem)
              : new MedcodeException.BadInput(file, delegate.currentLocation().getLineNr(), problem);
        }
        if (token == JsonToken.VALUE_NUMBER_INT && OCTAL.matcher(delegate.getText()).matches()
            && !decimal(delegate.getText()).equals(delegate.getBigIntegerValue())) {
          String text = delegate.getText();
          String digits = decimal(text).toString();
          String problem = (delegate.currentName() == null ? "" : "'" + delegate.currentName() + "': ") + text
              + " has a leading zero, which YAML reads as an octal number (" + delegate.getBigIntegerValue() + "); write "
              + digits + " (or " + delegate.getBigIntegerValue() + " if the octal value was meant; quote it, '" + text
              + "', if it is text)";
          throw file == null ? new MedcodeException(problem)
              : new MedcodeException.BadInput(file, delegate.currentLocation().getLineNr(), problem);
        }
        return token;
      }
    };
  }

  /** The integer as a decimal reading of its digits. */
  private static BigInteger decimal(String text) {
    return new BigInteger(text.replace("_", "").replaceFirst("^\\+", ""));
  }
}
