package dev.winnow.screen.bench;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * How much of a BK-tree a duplicate lookup has to visit, the alternative {@code HashIndex} was weighed against. Builds
 * a BK-tree over {@code size} random 64-bit hashes (different pictures hash about uniformly) and counts the nodes a
 * query within each radius visits, half the queries one bit off a stored hash, half unrelated. A node visit is a
 * pointer chase, dearer than a step of a linear scan, so a tree that visits most of itself loses to the scan.
 *
 * <pre>java -cp CLASSPATH dev.winnow.screen.bench.BkTreeReach [SIZE...]</pre>
 */
public final class BkTreeReach {
  private static final int QUERIES = 200;

  private BkTreeReach() {}

  public static void main(String[] args) {
    String[] sizes = args.length == 0 ? new String[] {"100000", "1000000"} : args;
    for (String size : sizes) {
      report(Integer.parseInt(size));
    }
  }

  private static void report(int size) {
    Random random = new Random(42);
    long[] stored = new long[size];
    Tree tree = new Tree();
    for (int i = 0; i < size; i++) {
      stored[i] = random.nextLong();
      tree.add(stored[i]);
    }
    for (int radius : new int[] {10, 12, 16, 18}) {
      long visits = 0;
      for (int i = 0; i < QUERIES; i++) {
        long query =
            i % 2 == 0 ? stored[random.nextInt(size)] ^ (1L << random.nextInt(64)) : random.nextLong();
        visits += tree.visitsWithin(query, radius);
      }
      System.out.printf(
          "%,d hashes, radius %d: %.1f%% of the tree visited per query%n",
          size, radius, 100.0 * visits / QUERIES / size);
    }
  }

  private static final class Tree {
    private Node root;

    void add(long hash) {
      if (root == null) {
        root = new Node(hash);
        return;
      }
      Node node = root;
      while (true) {
        int distance = Long.bitCount(node.hash ^ hash);
        if (distance == 0) {
          return;
        }
        if (node.children[distance] == null) {
          node.children[distance] = new Node(hash);
          return;
        }
        node = node.children[distance];
      }
    }

    long visitsWithin(long query, int radius) {
      long visits = 0;
      ArrayDeque<Node> pending = new ArrayDeque<>();
      pending.push(root);
      while (!pending.isEmpty()) {
        Node node = pending.pop();
        visits++;
        int distance = Long.bitCount(node.hash ^ query);
        for (int d = Math.max(1, distance - radius); d <= Math.min(64, distance + radius); d++) {
          if (node.children[d] != null) {
            pending.push(node.children[d]);
          }
        }
      }
      return visits;
    }
  }

  private static final class Node {
    final long hash;
    final Node[] children = new Node[65];

    Node(long hash) {
      this.hash = hash;
    }
  }
}
