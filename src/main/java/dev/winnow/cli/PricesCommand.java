package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.TokenRates;
import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.ImageSize;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow prices}: the dated price table every estimate, budget and report is computed from. */
@Command(
    name = "prices",
    header = "The dated price table behind every estimate and bill, with its sources.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the price per image of every model at every size on the standard lane, the Batch and Flex discounts,",
      "the lanes each model is served on, the judges' token rates, and where each price comes from and when it was",
      "read. Says so when a price is older than " + PricesCommand.STALE_DAYS + " days: prices move, and a bill is only as right as its table.",
      ""
    },
    footer = {"", ExitCodes.HELP_TEXT})
final class PricesCommand implements Callable<Integer> {
  static final int STALE_DAYS = 60;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--prices", paramLabel = "FILE", description = "A YAML price file laid over the built-in table (same shape).")
  Path prices;

  @Option(names = "--json", description = "One JSON object: as_of, oldest, stale, batch_discount, flex_discount, models {id: {sizes, lanes, as_of, source, deprecated}}.")
  boolean json;

  /** Today, for the age of the table; tests set a clock. */
  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PriceTable table = PriceTable.load(prices);
    LocalDate today = LocalDate.now(clock);
    LocalDate oldest = table.oldest();
    long age = oldest == null ? -1 : ChronoUnit.DAYS.between(oldest, today);
    boolean stale = age > STALE_DAYS;
    if (json) {
      out.println(asJson(table, oldest, stale));
      return ExitCodes.OK;
    }
    out.printf("price table as of %s%s; Batch lane %s off, Flex lane %s off%n", table.asOf(), prices == null ? " (built in)" : " with " + prices,
        percent(table.batchDiscount()), percent(table.flexDiscount()));
    out.printf("%-28s %-18s %8s %8s %8s %8s  %-22s %s%n", "model (USD per image)", "name", "512", "1K", "2K", "4K", "lanes", "read on");
    for (String model : table.models()) {
      Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model);
      PriceTable.Origin origin = table.origin(model);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %-18s", model, known.map(ModelCatalog.KnownModel::nickname).orElse("-")));
      for (ImageSize size : ImageSize.values()) row.append(String.format(Locale.ROOT, " %8s", table.price(model, size).map(PricesCommand::usd).orElse("-")));
      String lanes = known.map(k -> k.lanes().stream().map(Lane::label).collect(Collectors.joining(", "))).orElse("?");
      row.append(String.format(Locale.ROOT, "  %-22s %s", lanes, origin.asOf().map(LocalDate::toString).orElse(String.valueOf(table.asOf()))));
      out.println(row);
      known.flatMap(ModelCatalog.KnownModel::deprecation).ifPresent(d ->
          out.printf("  deprecated by the provider on %s; its replacement is %s%n", d.since(), d.replacement()));
      origin.text().ifPresent(t -> out.printf("  text in $%s/M tokens, text out and thinking $%s/M%n", plain(t.inputPerMillion()), plain(t.outputPerMillion())));
      origin.source().ifPresent(s -> out.printf("  source: %s%n", s));
    }
    out.println();
    out.println("vision judges (USD per 1M tokens, input / output)");
    for (String judge : new java.util.TreeSet<>(table.judges())) {
      TokenRates r = table.judgeRates(judge).orElseThrow();
      out.printf("  %-26s %8s / %s%n", judge, plain(r.inputPerMillion()), plain(r.outputPerMillion()));
    }
    out.println();
    if (stale) {
      out.printf("warning: the oldest price is from %s, %d days ago (more than %d): check the provider's pricing page and pass --prices FILE%n",
          oldest, age, STALE_DAYS);
    } else if (oldest != null) {
      out.printf("the oldest price is from %s, %d days ago%n", oldest, age);
    }
    return ExitCodes.OK;
  }

  private String asJson(PriceTable table, LocalDate oldest, boolean stale) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("as_of", String.valueOf(table.asOf())).put("oldest", String.valueOf(oldest)).put("stale", stale)
        .put("batch_discount", table.batchDiscount()).put("flex_discount", table.flexDiscount());
    ObjectNode models = root.putObject("models");
    for (String model : table.models()) {
      ObjectNode n = models.putObject(model);
      ObjectNode sizes = n.putObject("sizes");
      for (ImageSize size : ImageSize.values()) table.price(model, size).ifPresent(p -> sizes.put(size.label(), p));
      Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model);
      known.ifPresent(k -> k.lanes().forEach(l -> n.withArray("lanes").add(l.label())));
      PriceTable.Origin origin = table.origin(model);
      origin.asOf().ifPresent(d -> n.put("as_of", d.toString()));
      origin.source().ifPresent(s -> n.put("source", s));
      known.flatMap(ModelCatalog.KnownModel::deprecation).ifPresent(d -> n.putObject("deprecated").put("since", d.since().toString()).put("replacement", d.replacement()));
    }
    return root.toString();
  }

  private static String usd(BigDecimal p) {
    return "$" + plain(p);
  }

  private static String plain(BigDecimal p) {
    return p.stripTrailingZeros().toPlainString();
  }

  private static String percent(double d) {
    return String.format(Locale.ROOT, "%.0f%%", d * 100);
  }
}
