/**
 * The small value types every feature shares: what to generate ({@link dev.winnow.spec.Instructions}),
 * at which {@link dev.winnow.spec.Tier}, {@link dev.winnow.spec.ImageSize} and {@link dev.winnow.spec.AspectRatio}.
 * Records only, validated in their constructors; nothing here does I/O or knows any other package.
 */
package dev.winnow.spec;
