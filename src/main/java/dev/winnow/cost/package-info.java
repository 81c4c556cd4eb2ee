/**
 * Money: the dated {@link dev.winnow.cost.PriceTable}, estimates before a run, the budget during it and the
 * savings after. Prices are per output image; this package never calls a model and never reads the API key.
 */
package dev.winnow.cost;
