package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArrayMap;

/**
 * Normalised terms (stems) numbered from 0, and the surface forms (unstemmed tokens) known to stem to each. Grows while
 * a model is built; afterwards it is only read, which {@link CharArrayMap} allows from many threads without copying a
 * token into a String.
 */
final class Vocabulary {
  private final CharArrayMap<Integer> ids = new CharArrayMap<>(1 << 16, false);
  private final CharArrayMap<Integer> surfaces = new CharArrayMap<>(1 << 16, false);
  private final List<String> terms = new ArrayList<>();
  /** Surface forms and their term ids, in the order they were added (for saving). */
  private final List<String> surfaceForms = new ArrayList<>();
  private final List<Integer> surfaceIds = new ArrayList<>();

  /** The id of a term, adding it when new. */
  int add(char[] buffer, int length) {
    Integer id = ids.get(buffer, 0, length);
    if (id != null) {
      return id;
    }
    String term = new String(buffer, 0, length);
    ids.put(term, terms.size());
    terms.add(term);
    return terms.size() - 1;
  }

  /** The id of a term, or -1 when the vocabulary does not know it. */
  int lookup(char[] buffer, int length) {
    Integer id = ids.get(buffer, 0, length);
    return id == null ? -1 : id;
  }

  /** The term id of a known surface form, or -2 when the surface form is not known. */
  int surface(char[] buffer, int length) {
    Integer id = surfaces.get(buffer, 0, length);
    return id == null ? -2 : id;
  }

  /** Records that a surface form stems to term {@code id}. */
  void addSurface(char[] buffer, int length, int id) {
    String form = new String(buffer, 0, length);
    if (surfaces.put(form, id) == null) {
      surfaceForms.add(form);
      surfaceIds.add(id);
    }
  }

  /** Surface forms known to the vocabulary, in the order they were added. */
  List<String> surfaceForms() {
    return surfaceForms;
  }

  /** The term id of each of {@link #surfaceForms()}. */
  List<Integer> surfaceIds() {
    return surfaceIds;
  }

  String term(int id) {
    return terms.get(id);
  }

  int size() {
    return terms.size();
  }
}
