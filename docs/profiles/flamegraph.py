#!/usr/bin/env python3
"""Collapsed stacks -> SVG flame graph, and JFR -> collapsed stacks; no dependencies beyond the JDK's `jfr`.

  jfr print --json --events jdk.ExecutionSample rec.jfr | python3 flamegraph.py collapse RecurrentTraining > x.collapsed.txt
  python3 flamegraph.py svg "title" < x.collapsed.txt > x.svg

`collapse` keeps only the samples whose stack contains the filter string and starts each stack at NetworkFit (the
training loop), so the graph shows the training step alone.
"""
import collections
import html
import json
import sys


def collapse(filter_text):
    data = json.load(sys.stdin)
    counts = collections.Counter()
    for event in data["recording"]["events"]:
        stack = event["values"].get("stackTrace")
        if not stack:
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".").split(".")[-1] + "." + f["method"]["name"]
                  for f in reversed(stack["frames"])]
        line = ";".join(frames)
        if filter_text not in line:
            continue
        start = next((i for i, f in enumerate(frames) if f.startswith("NetworkFit.")), 0)
        counts[";".join(frames[start:])] += 1
    for line, count in counts.most_common():
        print(line, count)


def svg(title):
    root = {"children": {}, "count": 0}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        stack, count = line.rsplit(" ", 1)
        count = int(count)
        root["count"] += count
        node = root
        for frame in stack.split(";"):
            node = node["children"].setdefault(frame, {"children": {}, "count": 0})
            node["count"] += count
    width, row = 1200.0, 18
    boxes = []

    def depth(node):
        return 1 + max((depth(c) for c in node["children"].values()), default=0)

    levels = depth(root)
    total = max(root["count"], 1)

    def walk(node, x, level):
        for name, child in sorted(node["children"].items()):
            w = width * child["count"] / total
            y = (levels - level - 1) * row + 30
            share = 100.0 * child["count"] / total
            label = name if w > 7 * len(name) else (name[: int(w / 7) - 2] + ".." if w > 30 else "")
            hue = 10 + (hash(name) % 40)
            boxes.append(
                f'<g><title>{html.escape(name)}: {child["count"]} samples, {share:.1f}%</title>'
                f'<rect x="{x:.1f}" y="{y}" width="{max(w - 0.5, 0.1):.1f}" height="{row - 1}" '
                f'fill="hsl({hue},85%,60%)"/>'
                f'<text x="{x + 3:.1f}" y="{y + 13}" font-size="11" font-family="monospace">{html.escape(label)}</text></g>')
            walk(child, x, level + 1)
            x += w

    walk(root, 0.0, 0)
    height = levels * row + 40
    print(f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(width)}" height="{height}" viewBox="0 0 {int(width)} {height}">')
    print(f'<text x="4" y="18" font-size="14" font-family="sans-serif">{html.escape(title)} ({total} samples)</text>')
    print("\n".join(boxes))
    print("</svg>")


if __name__ == "__main__":
    if sys.argv[1] == "collapse":
        collapse(sys.argv[2] if len(sys.argv) > 2 else "")
    else:
        svg(sys.argv[2] if len(sys.argv) > 2 else "flame graph")
