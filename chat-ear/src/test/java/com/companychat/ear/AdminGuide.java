package com.companychat.ear;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command blocks of docs/admin-guide.md that tests run as written. A block is a fenced
 * {@code bash} block right after a marker line: {@code <!-- guide-test: NAME -->} for commands a
 * test runs verbatim, {@code <!-- guide-settings: NAME -->} for the example values of the
 * variables those commands read (a test sets its own values instead, and checks it knows them all).
 */
final class AdminGuide {
  private static final Pattern MARKER = Pattern.compile("<!-- guide-(test|settings): ([a-z0-9-]+) -->");
  private static final Pattern EXPORTED = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)=");

  private final Path file;
  private final Map<String, String> commands = new LinkedHashMap<>();
  private final Map<String, String> settings = new LinkedHashMap<>();
  /** Where a {@code bash} block without a marker begins (its line number): none may be left. */
  private final List<Integer> unmarked = new ArrayList<>();

  private AdminGuide(Path file) {
    this.file = file;
  }

  static AdminGuide read(Path file) throws IOException {
    AdminGuide guide = new AdminGuide(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i).trim());
      if (!marker.matches()) {
        if (lines.get(i).trim().equals("```bash")) {
          guide.unmarked.add(i + 1);
          for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
            // the unmarked block's lines
          }
        }
        continue;
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).equals("```bash")) {
        throw new IllegalStateException(file + ":" + (i + 1) + ": " + marker.group() + " is not followed by a ```bash block");
      }
      StringBuilder block = new StringBuilder();
      int line = i + 2;
      for (; line < lines.size() && !lines.get(line).equals("```"); line++) {
        block.append(lines.get(line)).append('\n');
      }
      if (line == lines.size()) {
        throw new IllegalStateException(file + ":" + (i + 1) + ": the block of " + marker.group() + " is not closed");
      }
      Map<String, String> kind = marker.group(1).equals("test") ? guide.commands : guide.settings;
      if (kind.put(marker.group(2), block.toString()) != null) {
        throw new IllegalStateException(file + ": two blocks are marked " + marker.group());
      }
      i = line;
    }
    return guide;
  }

  /** The commands of the block marked {@code guide-test: name}, as the guide prints them. */
  String commands(String name) {
    String block = commands.get(name);
    if (block == null) {
      throw new IllegalStateException(file + " has no block marked <!-- guide-test: " + name + " -->");
    }
    return block;
  }

  /** The names of the command blocks that begin with {@code prefix}. */
  Set<String> commandBlocks(String prefix) {
    Set<String> names = new TreeSet<>();
    commands.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(names::add);
    return names;
  }

  /** The variables the block marked {@code guide-settings: name} assigns (its exported names). */
  Set<String> settings(String name) {
    String block = settings.get(name);
    if (block == null) {
      throw new IllegalStateException(file + " has no block marked <!-- guide-settings: " + name + " -->");
    }
    Set<String> names = new TreeSet<>();
    for (String line : block.split("\n")) {
      String code = line.replaceFirst("\\s#.*$", "");
      if (code.startsWith("export ")) {
        Matcher exported = EXPORTED.matcher(code.substring("export".length()));
        while (exported.find()) {
          names.add(exported.group(1));
        }
      }
    }
    return names;
  }

  /** The line numbers of the {@code bash} blocks no test runs and no setting marks. */
  List<Integer> unmarkedBlocks() {
    return List.copyOf(unmarked);
  }

  Path file() {
    return file;
  }
}
