/**
 * The {@code local} backend: deterministic procedural landscapes, a pure function of (prompt, seed, tier, size,
 * aspect), offline and free. Prompt words pick the palette and the scene; the seed picks the composition from a
 * finite set (so seeds sometimes collide into near-duplicates, as real drafts do) and, for drafts, how well the cheap
 * tier exposes and focuses. It exists so winnow runs on a fresh machine with no key, and so tests run on real images.
 */
package dev.winnow.generate.local;
