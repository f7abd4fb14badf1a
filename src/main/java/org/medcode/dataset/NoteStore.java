package org.medcode.dataset;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medcode.DiskSpace;
import org.medcode.MedcodeException;

/**
 * Where the loaders put note texts: on the heap while they fit in a budget, then in a temporary file, read back when a
 * coder asks for a note's {@link Note#text()}. A whole MIMIC-IV split has gigabytes of note text, which a run otherwise
 * holds on the heap from loading to the end of coding; with them in a file its heap holds the codes and answers, and
 * the operating system's page cache keeps the file's pages as memory allows.
 *
 * <p>A loader makes one store per load ({@link #forDataset()}). The stores keep texts on the heap while the process's
 * budget lasts: a quarter of the maximum heap (the system property {@code medcode.notes.memory}, in bytes or with
 * {@code k}, {@code m} or {@code g} as {@code -Xmx} takes them, sets another budget: {@code 0} puts every text in the
 * file; any other value stops the command), a text counted as the bytes its chars take on the heap (one a char for a
 * Latin-1 text, two for any other). Each note refers to its store; once none of a store's notes is reachable (the
 * dataset dropped, or cut to {@link Note#excerpt excerpts}, which refer to none), its bytes go back to the budget for
 * the next dataset the command loads, and its file is closed.
 *
 * <p>A store writes the texts that do not fit to a file of its own in the temporary folder ({@code java.io.tmpdir}),
 * deleted as soon as it is open (on Unix its space is the process's until the file is closed, and not even a process
 * killed outright leaves it behind; elsewhere when it is closed or the process ends). The file holds a text in UTF-8,
 * or, when it has a lone surrogate (which UTF-8 cannot hold: it writes {@code ?}), as its chars, two bytes each: a
 * text comes back exactly as it was given. Writing and reading are safe from any thread, an interrupted one too (it
 * keeps its interrupt), one at a time.
 */
public final class NoteStore {
  private static final String PROPERTY = "medcode.notes.memory";
  /** Gives a store's bytes back to the budget and closes its file once none of its notes is reachable. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final Path folder;
  /** What this store holds: its share of the budget and its file (the store's lock guards both). */
  private final Holdings holdings;
  /** Whether texts go to the file (every text from the first that did not fit). */
  private volatile boolean filing;
  /** Texts (whole or their start) read back from the file. */
  private final java.util.concurrent.atomic.LongAdder reads = new java.util.concurrent.atomic.LongAdder();

  /**
   * A store with a budget of its own.
   *
   * @param memory the bytes of text kept on the heap before texts go to the file ({@link #heapBytes})
   * @param folder where the file is made (when a text first goes to it)
   */
  public NoteStore(long memory, Path folder) {
    this(new Budget(memory), folder);
  }

  /** A store whose heap texts are taken from {@code budget}, given back once its notes are unreachable. */
  NoteStore(Budget budget, Path folder) {
    this.folder = folder;
    this.holdings = new Holdings(budget);
    CLEANER.register(this, holdings);
  }

  private static final class Holder {
    static final String PROBLEM;
    static final Budget BUDGET;

    static {
      long budget = -1;
      String problem = null;
      try {
        budget = budget(System.getProperty(PROPERTY), Runtime.getRuntime().maxMemory());
      } catch (MedcodeException e) {
        problem = e.getMessage();
      }
      PROBLEM = problem;
      BUDGET = problem != null ? null : new Budget(budget);
    }
  }

  /**
   * A store for the notes of one dataset (a loader makes one per load), its heap texts taken from the process's budget
   * and given back once none of its notes is reachable; a {@code medcode.notes.memory} it cannot read stops the command.
   */
  public static NoteStore forDataset() {
    if (Holder.PROBLEM != null) {
      throw new MedcodeException(Holder.PROBLEM);
    }
    return new NoteStore(Holder.BUDGET, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * The bytes of text the process keeps on the heap: {@code value} (the system property) as a number of bytes, or
   * with the suffix {@code k}, {@code m} or {@code g} as {@code -Xmx} takes it; a quarter of {@code maxMemory} when it
   * is not set. Anything else is an error, never the default in silence.
   */
  static long budget(String value, long maxMemory) {
    if (value == null) {
      return maxMemory / 4;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,18})([kKmMgG]?)").matcher(value.strip());
    if (m.matches()) {
      long number = Long.parseLong(m.group(1));
      int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
        case "k" -> 10;
        case "m" -> 20;
        case "g" -> 30;
        default -> 0;
      };
      if (number <= Long.MAX_VALUE >> shift) {
        return number << shift;
      }
    }
    throw new MedcodeException("-D" + PROPERTY + "=" + value + ": expected the bytes of note text to keep on the heap,"
        + " e.g. 536870912 or 512m (0: every text in the temporary file)");
  }

  /** A note of {@code type} with {@code text} (whole), on the heap while the budget lasts, else in the file. */
  public Note note(String type, String text) {
    if (text == null || text.isEmpty() || claim(text)) {
      return new Note(type, text, this);
    }
    return new Note(type, this, write(text), text.length());
  }

  private boolean claim(String text) {
    if (filing) {
      return false;
    }
    long bytes = heapBytes(text);
    synchronized (holdings) {
      if (holdings.claim(bytes)) {
        return true;
      }
      filing = true; // once texts go to the file, every later one does: no admission's notes split between heap and file
      return false;
    }
  }

  /**
   * The bytes {@code text}'s chars take on the heap: one a char when every one is Latin-1, else two (a String keeps its
   * chars in one byte each only when all of them fit, as the JVM does by default, {@code -XX:+CompactStrings}).
   */
  static long heapBytes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        return 2L * text.length();
      }
    }
    return text.length();
  }

  private Ref write(String text) {
    boolean utf16 = loneSurrogate(text);
    byte[] bytes = utf16 ? utf16(text) : text.getBytes(StandardCharsets.UTF_8);
    synchronized (holdings) {
      try {
        if (holdings.file == null) {
          holdings.path = Files.createTempFile(folder, "medcode-notes-", ".txt");
          holdings.file = new RandomAccessFile(holdings.path.toFile(), "rw");
          gone(holdings.file, holdings.path);
        }
        holdings.file.seek(holdings.end);
        holdings.file.write(bytes);
        Ref ref = new Ref(holdings.end, bytes.length, utf16);
        holdings.end += bytes.length;
        return ref;
      } catch (IOException e) {
        throw new MedcodeException((DiskSpace.exhausted(e) ? "no space left on device: " : "") + "cannot keep note texts"
            + " in " + (holdings.path != null ? holdings.path : folder) + " (" + e.getMessage() + "): the notes that do"
            + " not fit in memory go there; free space in that folder, give another one with"
            + " MEDCODE_JAVA_OPTS=-Djava.io.tmpdir=DIR, or keep more in memory with a larger heap (-Xmx) or -D" + PROPERTY
            + "=BYTES");
      }
    }
  }

  /** Whether {@code text} has a surrogate that is not half of a pair, which UTF-8 cannot hold (it writes {@code ?}). */
  static boolean loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      }
    }
    return false;
  }

  /** The chars of {@code text} as they are, two bytes each: every char comes back, a lone surrogate too. */
  private static byte[] utf16(String text) {
    ByteBuffer bytes = ByteBuffer.allocate(2 * text.length());
    bytes.asCharBuffer().put(text);
    return bytes.array();
  }

  private static String text(byte[] bytes, boolean utf16) {
    return utf16 ? ByteBuffer.wrap(bytes).asCharBuffer().toString() : new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Deletes the open file at once (where the system keeps an open file's contents until it is closed, as POSIX systems
   * do: nothing is left behind even if the process is killed), else when the process ends.
   */
  private static void gone(RandomAccessFile file, Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          file.close();
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // the temporary folder's own clean-up takes it
        }
      }, "medcode-notes-cleanup"));
    }
  }

  /** The text {@code ref} points to. */
  String text(Ref ref) {
    return text(read(ref.at(), ref.bytes()), ref.utf16());
  }

  /**
   * The first {@code chars} characters (at most) of the text {@code ref} points to, reading only the bytes they can
   * take: two bytes a char in UTF-16; in UTF-8 a character is at most three bytes, and two characters of a surrogate
   * pair four.
   */
  String start(Ref ref, int chars) {
    int take = (int) Math.min(ref.bytes(), ref.utf16() ? 2L * chars : 3L * chars + 3);
    String start = text(read(ref.at(), take), ref.utf16());
    return start.length() <= chars ? start : start.substring(0, chars);
  }

  private byte[] read(long at, int bytes) {
    reads.increment();
    byte[] out = new byte[bytes];
    try {
      synchronized (holdings) {
        holdings.file.seek(at);
        holdings.file.readFully(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a note's text back from " + holdings.path + " (" + e.getMessage()
          + ")", e);
    } finally {
      Reference.reachabilityFence(this); // the store, and so its file, stays open until the read is done
    }
    return out;
  }

  /** The size of the file: the bytes of the texts written to it. */
  public long fileBytes() {
    synchronized (holdings) {
      return holdings.end;
    }
  }

  /** How many times a text (whole or its start) was read back from the file. */
  long reads() {
    return reads.sum();
  }

  /**
   * A text in the file: where it starts, its bytes, and how they hold it: UTF-8, or (a text with a lone surrogate)
   * its chars as they are, two bytes each.
   */
  record Ref(long at, int bytes, boolean utf16) {}

  /** The bytes of note text that the stores drawing on it may keep on the heap. */
  static final class Budget {
    private long left;

    Budget(long bytes) {
      left = bytes;
    }

    synchronized boolean take(long bytes) {
      if (bytes > left) {
        return false;
      }
      left -= bytes;
      return true;
    }

    synchronized void giveBack(long bytes) {
      left += bytes;
    }

    synchronized long left() {
      return left;
    }
  }

  /**
   * What a store holds for its notes: the bytes its heap texts took from the budget, and the file of the others. Once
   * the store is unreachable (each of its notes refers to it) the cleaner gives the bytes back and closes the file,
   * whose space is then the system's again. It has no reference to the store, which would keep the store reachable.
   */
  private static final class Holdings implements Runnable {
    private final Budget budget;
    private long taken;
    RandomAccessFile file;
    Path path;
    long end;

    Holdings(Budget budget) {
      this.budget = budget;
    }

    /** Takes {@code bytes} from the budget, if it has them (under this object's lock, as every field). */
    boolean claim(long bytes) {
      if (!budget.take(bytes)) {
        return false;
      }
      taken += bytes;
      return true;
    }

    @Override
    public synchronized void run() {
      budget.giveBack(taken);
      taken = 0;
      if (file != null) {
        try {
          file.close();
          Files.deleteIfExists(path); // where the open file could not be deleted
        } catch (IOException ignored) {
          // the shutdown hook or the temporary folder's own clean-up takes it
        }
        file = null;
      }
    }
  }
}
