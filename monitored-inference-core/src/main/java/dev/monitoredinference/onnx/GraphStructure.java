package dev.monitoredinference.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The data flow of a model's main graph, collected by {@link ModelPreCheck}: which values the
 * graph defines (inputs, initializers) and what each node reads and writes. ONNX Runtime reports a
 * node input that nothing defines, or a cycle, with the same codes as failures of the host
 * ({@code ORT_INVALID_ARGUMENT}, {@code ORT_FAIL}), so they are found here, where they can only be
 * the model's. Subgraphs are not collected: their nodes may read values of the enclosing graph.
 */
final class GraphStructure {
  private final Set<String> defined = new HashSet<>();
  private final List<Node> nodes = new ArrayList<>();

  /** A graph input, initializer or sparse initializer. */
  void define(String value) {
    defined.add(value);
  }

  /** A node of the graph; an empty name in {@code inputs} is an omitted optional input. */
  void node(String name, String opType, List<String> inputs, List<String> outputs) {
    nodes.add(new Node(name.isEmpty() ? "#" + nodes.size() : "'" + name + "'", opType, inputs, outputs));
  }

  /** What makes the graph unrunnable, or null: an input nothing defines, else a cycle. */
  @Nullable String problem() {
    Map<String, Integer> producers = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String output : nodes.get(i).outputs) {
        if (!output.isEmpty()) { // an omitted optional output
          producers.putIfAbsent(output, i);
        }
      }
    }
    for (Node node : nodes) {
      for (String input : node.inputs) {
        if (!input.isEmpty() && !defined.contains(input) && !producers.containsKey(input)) {
          return "node " + node + " reads '" + input + "', which is no graph input, initializer"
              + " or node output";
        }
      }
    }
    return cycle(producers);
  }

  /** Kahn's algorithm: nodes that never become ready are on a cycle or after one. */
  private @Nullable String cycle(Map<String, Integer> producers) {
    int[] waitingFor = new int[nodes.size()];
    List<List<Integer>> readers = new ArrayList<>();
    nodes.forEach(node -> readers.add(new ArrayList<>()));
    for (int i = 0; i < nodes.size(); i++) {
      for (String input : nodes.get(i).inputs) {
        Integer producer = input.isEmpty() || defined.contains(input) ? null : producers.get(input);
        if (producer != null) {
          waitingFor[i]++;
          readers.get(producer).add(i);
        }
      }
    }
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < waitingFor.length; i++) {
      if (waitingFor[i] == 0) {
        ready.add(i);
      }
    }
    int ran = 0;
    while (!ready.isEmpty()) {
      ran++;
      for (int reader : readers.get(ready.poll())) {
        if (--waitingFor[reader] == 0) {
          ready.add(reader);
        }
      }
    }
    if (ran == nodes.size()) {
      return null;
    }
    int first = 0;
    while (waitingFor[first] == 0) {
      first++;
    }
    return "has a cycle: " + (nodes.size() - ran) + " nodes are on it or after it and can never"
        + " run, first node " + nodes.get(first);
  }

  private static final class Node {
    final String label;
    final String opType;
    final List<String> inputs;
    final List<String> outputs;

    Node(String label, String opType, List<String> inputs, List<String> outputs) {
      this.label = label;
      this.opType = opType;
      this.inputs = inputs;
      this.outputs = outputs;
    }

    @Override
    public String toString() {
      return label + " (" + opType + ")";
    }
  }
}
