package org.medcode.coder;

/** A parameter a coder declares: name, what it means, its default (as text) and its type. */
public record CoderParameter(String name, String description, String defaultValue, Type type) {
  /** Value types a parameter can take; validated in one place before a coder is created. */
  public enum Type { INTEGER, DECIMAL, BOOLEAN, TEXT, PATH, CHOICE }
}
