"""The co-authorship network page's data: authors and institutions linked by shared papers and
affiliations, laid out here once (communities as discs, each laid out inside its own), so that
network.js only zooms, pans, searches and lists a node's papers."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
from networkx.algorithms.community import greedy_modularity_communities

from figscan.model import PaperResult
from figscan.report.exports import PAPERS_DIR, listed_by_affiliation, score_order

NETWORK_MAX_NODES = 1500  # drawn nodes; at the original analysis's scale (700 papers) about 300 are drawn
NETWORK_CLUSTER_MIN_LISTED = 5  # clusters past the coloured ones are listed only from this size
NETWORK_CLUSTER_COLOURS = 8


def _node_key(kind: str, text: str) -> str:
    return kind + ":" + " ".join(text.split()).casefold()


def coauthor_graph(results: list[PaperResult], page_names: dict[str, str], max_clique: int = 30) -> nx.Graph:
    """Authors and institutions, linked by co-authorship and affiliation.

    An institution on a watch list is keyed by its canonical name so its spellings merge, any
    other by the institution the front matter read (its departments merge), else the text;
    papers with huge author lists get no author-author edges (they would swamp the picture).
    """
    graph = nx.Graph()
    graph.graph["page_order"] = [f"{PAPERS_DIR}/{page_names[r.path]}" for r in score_order(results)]
    for result in score_order(results):
        page = f"{PAPERS_DIR}/{page_names[result.path]}"
        listed = listed_by_affiliation(result)
        institution_keys = []
        for number, affiliation in enumerate(result.affiliations):
            text = " ".join(affiliation.text.split())
            canonical = min(listed[number], key=str.casefold) if listed.get(number) else None
            name = canonical or " ".join(affiliation.institution.split()) or text  # units of one institution merge
            key = _node_key("institution", name)
            if text and key not in graph:
                graph.add_node(key, kind="institution", label=name, papers=[], flagged=bool(canonical))
            institution_keys.append(key if text else None)
        author_keys = []
        for author in result.authors:
            name = " ".join(author.name.split())
            if not name:
                continue
            key = _node_key("author", name)
            if key not in graph:
                graph.add_node(key, kind="author", label=name, papers=[], flagged=False)
            author_keys.append(key)
            for index in author.affiliations:
                if 0 <= index < len(institution_keys) and institution_keys[index]:
                    graph.add_edge(key, institution_keys[index])
        for key in set(author_keys) | {k for k in institution_keys if k}:
            if page not in graph.nodes[key]["papers"]:
                graph.nodes[key]["papers"].append(page)
        if len(author_keys) <= max_clique:
            for i, first in enumerate(author_keys):
                for second in author_keys[i + 1:]:
                    if first != second:
                        graph.add_edge(first, second)
    return graph


def network_view(graph: nx.Graph, max_nodes: int = NETWORK_MAX_NODES, width: int = 1200, height: int = 760) -> dict:
    """A drawing computed here, once: the best-connected nodes (watch-listed institutions
    always), a seeded spring layout so reruns look the same, communities as colours, each
    cluster labelled by its main institutions at its centre. network.js only zooms, pans,
    searches and lists a node's papers."""
    chosen = sorted(graph.nodes, key=lambda n: (not graph.nodes[n]["flagged"], -graph.degree(n), n))[:max_nodes]
    sub = graph.subgraph(chosen).copy()
    if not sub:
        return {"nodes": [], "edges": [], "clusters": [], "width": width, "height": height,
                "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges()}
    communities = (sorted(greedy_modularity_communities(sub), key=lambda c: (-len(c), min(c)))
                   if sub.number_of_edges() else [{n} for n in sorted(sub)])
    cluster_of = {node: index for index, members in enumerate(communities) for node in members}
    positions = clustered_layout(sub, communities, width / height)
    label_nodes = set(sorted(sub, key=lambda n: (-sub.degree(n), n))[:12]) | {n for n in sub if sub.nodes[n]["flagged"]}
    margin = 40
    span_x = max(p[0] for p in positions.values()) or 1.0
    span_y = max(p[1] for p in positions.values()) or 1.0
    zoom = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    position_of = {node: (round(margin + x * zoom, 1), round(margin + y * zoom, 1)) for node, (x, y) in positions.items()}
    nodes: list[dict] = []
    for node in sorted(sub, key=lambda n: (sub.nodes[n]["kind"] == "institution", n)):
        data = sub.nodes[node]
        cluster = cluster_of[node]
        nodes.append({
            "id": len(nodes),
            "x": position_of[node][0], "y": position_of[node][1], "r": round(4 + 2.2 * math.sqrt(graph.degree(node)), 1),
            "kind": data["kind"], "label": data["label"], "short": _shorten(data["label"], 38),
            "flagged": data["flagged"], "papers": data["papers"], "cluster": cluster + 1,
            "cluster_class": f"c{cluster}" if cluster < NETWORK_CLUSTER_COLOURS else "c-other",
            "show_label": node in label_nodes,
            "label_end": position_of[node][0] > width * 0.7,
            "title": f"{data['label']} — {data['kind']}, {len(data['papers'])} paper(s), {graph.degree(node)} link(s)",
        })
    edges = [{"x1": position_of[a][0], "y1": position_of[a][1], "x2": position_of[b][0], "y2": position_of[b][1]}
             for a, b in sorted(sub.edges)]
    clusters = []
    for index, members in enumerate(communities):
        if index >= NETWORK_CLUSTER_COLOURS and len(members) < NETWORK_CLUSTER_MIN_LISTED:
            break
        ordered = sorted(members, key=lambda n: (sub.nodes[n]["kind"] != "institution", not sub.nodes[n]["flagged"], -graph.degree(n), n))
        in_cluster = {p for n in members for p in sub.nodes[n]["papers"]}
        papers = [p for p in graph.graph.get("page_order", sorted(in_cluster)) if p in in_cluster]
        institutions = [sub.nodes[n]["label"] for n in ordered if sub.nodes[n]["kind"] == "institution"]
        centre_x = sum(position_of[n][0] for n in members) / len(members)
        centre_y = sum(position_of[n][1] for n in members) / len(members)
        clusters.append({
            "number": index + 1,
            "cluster_class": f"c{index}" if index < NETWORK_CLUSTER_COLOURS else "c-other",
            "institutions": institutions,
            "authors": [sub.nodes[n]["label"] for n in ordered if sub.nodes[n]["kind"] == "author"],
            "flagged": [sub.nodes[n]["label"] for n in ordered if sub.nodes[n]["flagged"]],
            "papers": papers,
            "size": len(members),
            "caption": _shorten("; ".join(institutions[:2]) or f"cluster {index + 1}", 60),
            "x": round(centre_x, 1), "y": round(centre_y, 1),
            "anchor": "start" if centre_x < width * 0.3 else "end" if centre_x > width * 0.7 else "middle",
        })
    return {"nodes": nodes, "edges": edges, "clusters": clusters, "width": width, "height": height,
            "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges()}


def network_data(view: dict, titles: dict[str, str]) -> dict:
    """What network.js needs and the SVG does not carry: each node's papers (as indexes into
    one list of pages with their titles) and its cluster; serialised with Jinja's tojson, which
    escapes <, > and & so no string can close the script element."""
    pages = sorted({p for n in view["nodes"] for p in n["papers"]}, key=lambda p: (titles.get(p, str(p)).casefold(), p))
    index_of = {page: i for i, page in enumerate(pages)}
    return {"pages": [[page, titles.get(page, page)] for page in pages],
            "nodes": [{"label": n["label"], "kind": n["kind"], "flagged": n["flagged"], "cluster": n["cluster"],
                       "papers": [index_of[p] for p in n["papers"]]} for n in view["nodes"]],
            "clusters": {c["number"]: c["caption"] for c in view["clusters"]}}


def clustered_layout(graph: nx.Graph, communities: list[set[str]], aspect: float) -> dict[str, tuple[float, float]]:
    """Communities placed as discs, then each community's own seeded spring layout inside its disc.

    One spring layout of a 250-node co-authorship graph is a hairball in which the communities
    the colours show cannot be seen. Here the communities are laid out first (a spring layout of
    the graph of communities, edges weighted by the links between them), their discs (area in
    proportion to their size) pushed apart until none overlap, then each is drawn inside its
    disc. Coordinates start at 0 and share one unit, so callers scale them uniformly.
    """
    community_of = {node: index for index, members in enumerate(communities) for node in members}
    meta = nx.Graph()
    meta.add_nodes_from(range(len(communities)))
    for a, b in graph.edges:
        ca, cb = community_of[a], community_of[b]
        if ca != cb:
            meta.add_edge(ca, cb, weight=meta.get_edge_data(ca, cb, {"weight": 0})["weight"] + 1)
    radii = [math.sqrt(len(members)) for members in communities]
    raw = nx.spring_layout(meta, weight="weight", seed=7, scale=math.sqrt(sum(r * r for r in radii)))
    centres = [[float(raw[i][0]) * math.sqrt(aspect), float(raw[i][1]) / math.sqrt(aspect)] for i in range(len(communities))]
    for _ in range(200):  # push overlapping discs apart, a little at a time
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                dx, dy = centres[j][0] - centres[i][0], centres[j][1] - centres[i][1]
                distance, wanted = math.hypot(dx, dy), 1.15 * (radii[i] + radii[j])
                if distance < wanted:
                    if distance < 1e-9:
                        dx, dy, distance = 1.0, 0.0, 1.0
                    push = (wanted - distance) / 2
                    centres[i][0] -= dx / distance * push
                    centres[i][1] -= dy / distance * push
                    centres[j][0] += dx / distance * push
                    centres[j][1] += dy / distance * push
                    moved = True
        if not moved:
            break
    positions: dict[str, tuple[float, float]] = {}
    for index, members in enumerate(communities):
        ordered = sorted(members)
        if len(ordered) == 1:
            local = {ordered[0]: (0.0, 0.0)}
        else:
            local = nx.spring_layout(graph.subgraph(ordered), seed=7, center=(0.0, 0.0), scale=1.0)
        for node in ordered:
            u, v = local[node]
            positions[node] = (centres[index][0] + float(u) * radii[index], centres[index][1] + float(v) * radii[index])
    return _landscape(positions)


def _landscape(positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The drawing turned so its long axis runs across the (wide) page, moved to start at 0."""
    names = sorted(positions)
    points = np.array([positions[n] for n in names], dtype=float)
    points -= points.mean(axis=0)
    if len(points) > 1:
        _, vectors = np.linalg.eigh(np.cov(points.T))
        axis = vectors[:, -1] * (1 if vectors[0, -1] >= 0 else -1)  # sign fixed: reruns draw the same
        points = points @ np.array([[axis[0], -axis[1]], [axis[1], axis[0]]])
    points -= points.min(axis=0)
    return {n: (float(x), float(y)) for n, (x, y) in zip(names, points)}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
