package io.sessions4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The option tables in the READMEs list exactly the options of {@link SessionOptions}, with the
 * declared defaults: the root README's table every option, the servlet README's init-param table
 * every option with a string form; the other adapters' READMEs point at the root table.
 */
class OptionTablesInReadmesTest {
  static final Path ROOT = Path.of("..");

  @Test
  void theRootReadmeTableListsEveryOptionWithItsDefault() throws IOException {
    Map<String, String> table = optionTable(ROOT.resolve("README.md"), "| option | default |");

    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(names(SessionOptions.ALL));
    for (Option<?> option : SessionOptions.ALL) {
      assertThat(table.get(option.name())).as("README default of %s", option).isEqualTo(normalized(option.defaultText()));
    }
  }

  @Test
  void theServletReadmeTableListsEveryOptionWithAStringFormAndItsDefault() throws IOException {
    Map<String, String> table = optionTable(ROOT.resolve("adapter-servlet/README.md"), "| init-param | values | default |");

    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(names(SessionOptions.withStringForm()));
    for (Option<?> option : SessionOptions.withStringForm()) {
      assertThat(table.get(option.name())).as("servlet README default of %s", option)
          .isEqualTo(normalized(option.defaultText()));
    }
  }

  @Test
  void theOtherAdapterReadmesPointAtTheRootTable() throws IOException {
    for (String adapter : List.of("adapter-micronaut", "adapter-quarkus", "adapter-helidon", "spring-boot-autoconfigure")) {
      assertThat(Files.readString(ROOT.resolve(adapter).resolve("README.md")))
          .as(adapter + "/README.md").contains("../README.md#options");
    }
  }

  /**
   * The table whose header line starts with {@code header}: option name → its default, normalized.
   * A row may name several options ({@code `cookiePath` / `cookieDomain`}) with one default each,
   * or one default for all.
   */
  static Map<String, String> optionTable(Path readme, String header) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    int start = -1;
    for (int i = 0; i < lines.size() && start < 0; i++) {
      if (lines.get(i).startsWith(header)) {
        start = i + 2; // past the header and the |---| line
      }
    }
    assertThat(start).as("a table starting '%s' in %s", header, readme).isPositive();
    int defaultColumn = columns(lines.get(start - 2)).indexOf("default");
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      List<String> cells = columns(lines.get(i));
      String[] names = cells.get(0).split(" / ");
      String[] defaults = cells.get(defaultColumn).split(" / ");
      assertThat(defaults.length).as("defaults in %s", lines.get(i)).isIn(1, names.length);
      for (int n = 0; n < names.length; n++) {
        String name = names[n].replace("`", "").replaceAll("\\(.*\\)", "").trim();
        String previous = table.put(name, normalized(defaults[defaults.length == 1 ? 0 : n]));
        assertThat(previous).as("%s listed once in %s", name, readme).isNull();
      }
    }
    return table;
  }

  private static List<String> columns(String row) {
    String[] parts = row.split("\\|", -1);
    List<String> cells = new ArrayList<>();
    for (int i = 1; i < parts.length - 1; i++) {
      cells.add(parts[i].trim());
    }
    return cells;
  }

  /** {@code `fail`}, {@code FAIL} and {@code fail (503)} are one default; so are none and —. */
  static String normalized(String cell) {
    String text = cell.replace("`", "").replaceAll("\\s*\\(.*\\)", "").trim().toLowerCase(Locale.ROOT);
    return text.equals("—") ? "none" : text;
  }

  private static List<String> names(List<Option<?>> options) {
    return options.stream().map(Option::name).collect(Collectors.toList());
  }
}
