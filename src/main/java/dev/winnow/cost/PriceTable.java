package dev.winnow.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.ImageSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Price per output image by model and size, from the table shipped in the jar, optionally overlaid by a user file
 * of the same shape. Dated, because prices change and a bill is only as right as the table behind it.
 */
public final class PriceTable {
  private static final String BUILT_IN = "/dev/winnow/cost/prices.yaml";

  private final LocalDate asOf;
  private final double batchDiscount;
  private final Map<String, Map<ImageSize, BigDecimal>> prices;
  private final Map<String, Long> tokensPerImage;
  private final Map<String, TokenRates> judges;
  private final double flexDiscount;
  private final Map<String, Origin> origins;

  /** Where a model's prices come from and when they were read (either may be unknown, in a user's file). */
  public record Origin(Optional<LocalDate> asOf, Optional<String> source, Optional<TokenRates> text) {
    static final Origin UNKNOWN = new Origin(Optional.empty(), Optional.empty(), Optional.empty());
  }

  private PriceTable(
      LocalDate asOf,
      double batchDiscount,
      double flexDiscount,
      Map<String, Map<ImageSize, BigDecimal>> prices,
      Map<String, Long> tokensPerImage,
      Map<String, TokenRates> judges,
      Map<String, Origin> origins) {
    this.asOf = asOf;
    this.batchDiscount = batchDiscount;
    this.flexDiscount = flexDiscount;
    this.prices = prices;
    this.tokensPerImage = tokensPerImage;
    this.judges = judges;
    this.origins = origins;
  }

  /** The shipped table. */
  public static PriceTable builtIn() {
    try (InputStream in = PriceTable.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException("price table missing from the jar: " + BUILT_IN);
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in), null, "built-in price table");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped table, or it with {@code overrides} laid over it when a file was given (--prices). */
  public static PriceTable load(Path overrides) {
    return overrides == null ? builtIn() : withOverrides(overrides);
  }

  /** The shipped table with a user's file laid over it (models and sizes in the file replace the shipped ones). */
  public static PriceTable withOverrides(Path file) {
    PriceTable base = builtIn();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new PriceTableException("cannot read price file " + file + ": " + oneLine(e));
    }
    if (root == null || !root.isObject()) throw new PriceTableException("price file " + file + " is empty or not a mapping");
    return parse(root, base, "price file " + file);
  }

  private static PriceTable parse(JsonNode root, PriceTable base, String where) {
    Map<String, Map<ImageSize, BigDecimal>> prices = new HashMap<>();
    Map<String, Long> tokens = new HashMap<>();
    Map<String, TokenRates> judges = new HashMap<>();
    LocalDate asOf = base == null ? null : base.asOf;
    double discount = base == null ? 0.5 : base.batchDiscount;
    double flex = base == null ? 0.5 : base.flexDiscount;
    Map<String, Origin> origins = new HashMap<>();
    if (base != null) {
      base.prices.forEach((m, s) -> prices.put(m, new HashMap<>(s)));
      tokens.putAll(base.tokensPerImage);
      judges.putAll(base.judges);
      origins.putAll(base.origins);
    }
    try {
      if (root.hasNonNull("as_of")) asOf = LocalDate.parse(root.get("as_of").asText());
    } catch (RuntimeException e) {
      throw new PriceTableException(where + ": as_of must be a date like 2026-11-01 (got " + root.get("as_of").asText() + ")");
    }
    if (root.hasNonNull("batch_discount")) discount = root.get("batch_discount").asDouble();
    if (root.hasNonNull("flex_discount")) flex = root.get("flex_discount").asDouble();
    JsonNode models = root.path("models");
    if (!models.isMissingNode() && !models.isObject()) throw new PriceTableException(where + ": models must be a mapping");
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String model = ModelCatalog.canonical(e.getKey());
      JsonNode sizes = e.getValue().path("sizes");
      if (!sizes.isObject()) throw new PriceTableException(where + ": models." + e.getKey() + ".sizes must map sizes to USD");
      Map<ImageSize, BigDecimal> bySize = prices.computeIfAbsent(model, k -> new HashMap<>());
      for (Iterator<Map.Entry<String, JsonNode>> s = sizes.fields(); s.hasNext(); ) {
        Map.Entry<String, JsonNode> p = s.next();
        ImageSize size =
            ImageSize.parse(p.getKey())
                .orElseThrow(() -> new PriceTableException(where + ": unknown size " + p.getKey() + " for " + e.getKey() + " (allowed: " + ImageSize.allowed() + ")"));
        if (!p.getValue().isNumber() || p.getValue().decimalValue().signum() < 0) {
          throw new PriceTableException(where + ": price of " + e.getKey() + " at " + p.getKey() + " must be a number ≥ 0 (got " + p.getValue() + ")");
        }
        bySize.put(size, p.getValue().decimalValue());
      }
      if (e.getValue().hasNonNull("tokens_per_image")) tokens.put(model, e.getValue().get("tokens_per_image").asLong());
      origins.put(model, origin(e, where));
    }
    JsonNode judgeNodes = root.path("judges");
    if (!judgeNodes.isMissingNode() && !judgeNodes.isObject()) throw new PriceTableException(where + ": judges must be a mapping");
    for (Iterator<Map.Entry<String, JsonNode>> it = judgeNodes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      judges.put(e.getKey(), new TokenRates(rate(e, "judges", "input_per_million", where), rate(e, "judges", "output_per_million", where)));
    }
    return new PriceTable(asOf, discount, flex, Map.copyOf(prices), Map.copyOf(tokens), Map.copyOf(judges), Map.copyOf(origins));
  }

  private static Origin origin(Map.Entry<String, JsonNode> model, String where) {
    JsonNode n = model.getValue();
    Optional<LocalDate> asOf = Optional.empty();
    if (n.hasNonNull("as_of")) {
      try {
        asOf = Optional.of(LocalDate.parse(n.get("as_of").asText()));
      } catch (RuntimeException e) {
        throw new PriceTableException(where + ": models." + model.getKey() + ".as_of must be a date like 2026-11-01 (got " + n.get("as_of").asText() + ")");
      }
    }
    Optional<String> source = n.hasNonNull("source") ? Optional.of(n.get("source").asText()) : Optional.empty();
    Optional<TokenRates> text = Optional.empty();
    if (n.has("text_input_per_million") || n.has("text_output_per_million")) {
      text = Optional.of(new TokenRates(rate(model, "models", "text_input_per_million", where), rate(model, "models", "text_output_per_million", where)));
    }
    return new Origin(asOf, source, text);
  }

  private static BigDecimal rate(Map.Entry<String, JsonNode> entry, String section, String field, String where) {
    JsonNode v = entry.getValue().path(field);
    if (!v.isNumber() || v.decimalValue().signum() < 0) {
      throw new PriceTableException(where + ": " + section + "." + entry.getKey() + "." + field + " must be a number ≥ 0 (got " + (v.isMissingNode() ? "nothing" : v) + ")");
    }
    return v.decimalValue();
  }

  /** A vision judge's per-token rates, or empty when the table does not list the model. */
  public Optional<TokenRates> judgeRates(String model) {
    return Optional.ofNullable(judges.get(model));
  }

  /** USD per image, or empty when the table has no price for this model and size. */
  public Optional<BigDecimal> price(String model, ImageSize size) {
    Map<ImageSize, BigDecimal> bySize = prices.get(ModelCatalog.canonical(model));
    return bySize == null ? Optional.empty() : Optional.ofNullable(bySize.get(size));
  }

  /** USD per image on {@code lane}: the standard price less the lane's discount. */
  public Optional<BigDecimal> price(String model, ImageSize size, dev.winnow.generate.Lane lane) {
    return price(model, size).map(p -> switch (lane) {
      case STANDARD -> p;
      case FLEX -> p.multiply(BigDecimal.valueOf(1 - flexDiscount));
      case BATCH -> p.multiply(BigDecimal.valueOf(1 - batchDiscount));
    });
  }

  public Optional<Long> tokensPerImage(String model) {
    return Optional.ofNullable(tokensPerImage.get(ModelCatalog.canonical(model)));
  }

  public LocalDate asOf() {
    return asOf;
  }

  public double batchDiscount() {
    return batchDiscount;
  }

  public double flexDiscount() {
    return flexDiscount;
  }

  /** The vision judges the table prices per token. */
  public java.util.Set<String> judges() {
    return judges.keySet();
  }

  /** Every model the table prices, by id. */
  public java.util.SortedSet<String> models() {
    return new java.util.TreeSet<>(prices.keySet());
  }

  /** Where {@code model}'s prices come from and when they were read. */
  public Origin origin(String model) {
    return origins.getOrDefault(ModelCatalog.canonical(model), Origin.UNKNOWN);
  }

  /** The date of the oldest price in the table (a model's own date, else the table's). */
  public LocalDate oldest() {
    LocalDate oldest = asOf;
    for (String m : prices.keySet()) {
      LocalDate d = origin(m).asOf().orElse(asOf);
      if (d != null && (oldest == null || d.isBefore(oldest))) oldest = d;
    }
    return oldest;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
