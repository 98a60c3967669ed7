"""Charts across the years, drawn with seaborn: relations and mean relations per network,
the most central actors, the depth of relations, cross-sector mixing, and the purposes and
target groups of the contact surfaces.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from ..inputs.forms import FORMS
from ..inputs.register import ACTOR_TYPES
from .figures import DEPTH_COLOURS, NETWORK_COLOURS, short_label

__all__ = ["summary_chart", "top_actors_chart", "depth_chart", "mixing_heatmap",
           "category_chart"]


def summary_chart(summary: pd.DataFrame, network_names: dict[str, str],
                  labels: tuple[str, str]) -> plt.Figure:
    """Figures 6 and 7 as one chart: relations (bars) and mean relations per actor (lines)."""
    data = summary.assign(network=summary["network"].map(network_names),
                          year=summary["year"].astype(str))
    palette = {network_names[k]: v for k, v in NETWORK_COLOURS.items()}
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    sns.barplot(data=data, x="year", y="relations", hue="network", ax=left, palette=palette)
    for container in left.containers:
        left.bar_label(container, fontsize=9)
    sns.lineplot(data=data, x="year", y="mean_relations", hue="network", marker="o",
                 ax=right, palette=palette, sort=False)
    right.set_ylim(0, None)
    handles, names = left.get_legend_handles_labels()
    for ax, label in zip((left, right), labels):
        ax.set_xlabel("")
        ax.set_ylabel(label)
        ax.get_legend().remove()
        sns.despine(ax=ax)
    # one legend for both panels, under them: it covers no bar and no bar's number
    fig.legend(handles, names, loc="lower center", ncol=len(names), frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def top_actors_chart(centrality: dict[int, pd.DataFrame], hub: str, label: str,
                     top: int = 8) -> plt.Figure:
    """The ``top`` actors by relations, one panel per year; the hub's bar is highlighted."""
    years = sorted(centrality)
    names = {year: [short_label(n, 26) for n in centrality[year].head(top)["name"]]
             for year in years}
    lines = max((n.count("\n") + 1 for part in names.values() for n in part), default=1)
    fig, axes = plt.subplots(1, len(years), figsize=(4.8 * len(years),
                                                     (0.28 + 0.17 * lines) * top + 1.2),
                             squeeze=False)
    for ax, year in zip(axes[0], years):
        part = centrality[year].head(top).iloc[::-1]
        colours = [NETWORK_COLOURS["hub"] if a == hub else "#7f7f7f" for a in part["actor_id"]]
        # full names, wrapped: the bars are told apart by their actors' whole names
        ax.barh(range(len(part)), part["relations"], color=colours)
        ax.set_yticks(range(len(part)), names[year][::-1])
        for y, value in enumerate(part["relations"]):
            ax.text(value, y, f" {value}", va="center", fontsize=8)
        ax.set_title(str(year))
        ax.set_xlabel(label)
        ax.tick_params(axis="y", labelsize=8)
        sns.despine(ax=ax)
    fig.tight_layout()
    return fig


def depth_chart(depth: pd.DataFrame, scope_names: dict[str, str], form_names: list[str],
                label: str) -> plt.Figure:
    """Relations by depth as stacked 100 % bars, shallow to deep, per scope and year.

    ``depth`` holds the years' ``depth.csv`` rows with a ``year`` column.
    """
    data = depth[depth["unit"] == "relations"]
    scopes = list(scope_names)
    fig, axes = plt.subplots(1, len(scopes), figsize=(3.2 * len(scopes), 4), sharey=True)
    for ax, scope in zip(axes, scopes):
        part = data[data["scope"] == scope].pivot(index="year", columns="depth",
                                                  values="share")
        bottom = [0.0] * len(part)
        for depth_value in FORMS:
            values = (100 * part[depth_value]).tolist()
            ax.bar([str(y) for y in part.index], values, bottom=bottom,
                   color=DEPTH_COLOURS[depth_value - 1], edgecolor="white", width=0.7,
                   label=form_names[depth_value - 1])
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_title(short_label(scope_names[scope], 24), fontsize=10)  # long hub names
        ax.set_ylim(0, 100)
        sns.despine(ax=ax)
    axes[0].set_ylabel(label)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles[::-1], names[::-1], loc="center right", frameon=False)
    fig.tight_layout(rect=(0, 0, 0.8, 1))
    return fig


def mixing_heatmap(mixing: pd.DataFrame, type_names: dict[str, str],
                   label: str, title: str = "") -> plt.Figure:
    """Density of relations within and between actor types, with the counts written in.

    Colours and cells both in per cent; the colour scale runs from 0 to the densest cell
    (rounded up to 5 %), so the differences show.
    """
    names = [type_names[t] for t in ACTOR_TYPES]
    density = pd.DataFrame(0.0, index=names, columns=names)
    text = pd.DataFrame("", index=names, columns=names)
    for rec in mixing.to_dict("records"):
        a, b = type_names[rec["type_a"]], type_names[rec["type_b"]]
        for i, j in ((a, b), (b, a)):
            density.loc[i, j] = 100 * rec["density"]
            text.loc[i, j] = f"{rec['relations']}\n({100 * rec['density']:.0f} %)"
    fig, ax = plt.subplots(figsize=(6.5, 5))
    top = max(5.0, 5 * math.ceil(float(density.to_numpy().max()) / 5))
    sns.heatmap(density, annot=text, fmt="", cmap="Blues", vmin=0, vmax=top, ax=ax,
                cbar_kws={"label": label, "format": "%.0f %%"}, linewidths=0.5)
    if title:
        ax.set_title(title)
    ax.set_xticklabels([short_label(n, 14) for n in names], rotation=0, fontsize=8)
    ax.set_yticklabels([short_label(n, 14) for n in names], rotation=0, fontsize=8)
    fig.tight_layout()
    return fig


def category_chart(table: pd.DataFrame, column: str, network_names: dict[str, str],
                   label: str, empty: str, title: str = "") -> plt.Figure:
    """Share of surfaces per purpose or target group, the area and the hub network side by
    side; an empty answer is shown as ``empty``. Without surfaces the chart is empty."""
    data = table.assign(network=table["network"].map(network_names),
                        share=100 * table["share"],
                        **{column: table[column].replace("", empty)})
    order = (data[data["network"] == network_names["area"]]
             .sort_values(["surfaces", column], ascending=[False, True])[column].tolist())
    palette = {network_names[k]: v for k, v in NETWORK_COLOURS.items()}
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(order) + 1.5))
    sns.barplot(data=data, y=column, x="share", hue="network", order=order, ax=ax,
                palette=palette)
    ax.set_title(title)
    ax.set_xlabel(label)
    ax.set_ylabel("")
    if len(data):  # a wave without contact surfaces: an empty chart, no legend
        ax.legend(title="", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    sns.despine(ax=ax)
    fig.tight_layout()
    return fig
