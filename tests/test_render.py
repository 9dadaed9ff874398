"""HTML rendering: the table of contents, compact SVG charts, the weight of the pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from analysis.display.charts import compact_svg
from analysis.engine.render import MAX_SECTION_PAGE_BYTES, add_table_of_contents, check_offline

PAGE = ('<header><h1>T</h1></header><nav aria-label="Sommaire" id="toc"></nav>\n<main>'
        '<h2 id="Chargement">Chargement<a class="anchor-link" href="#Chargement">¶</a></h2>'
        '<h2 id="Restitution">Restitution</h2><h3>Tonnages &amp; flux</h3>'
        '<h3 id="b">B <em>b</em></h3><h2 id="Audit">Audit</h2></main>')


def test_table_of_contents_nests_h3_under_their_h2_and_gives_missing_ids():
    html = add_table_of_contents(PAGE)
    nav = re.search(r'<nav id="toc"[^>]*>(.*?)</nav>', html).group(1)
    assert nav == ('<p>Sommaire</p><ol><li><a href="#Chargement">Chargement</a></li>'
                   '<li><a href="#Restitution">Restitution</a><ol>'
                   '<li><a href="#section-2">Tonnages &amp; flux</a></li>'
                   '<li><a href="#b">B b</a></li></ol></li>'
                   '<li><a href="#Audit">Audit</a></li></ol>')
    assert '<h3 id="section-2">Tonnages &amp; flux</h3>' in html


def test_table_of_contents_leaves_a_page_without_nav_unchanged():
    assert add_table_of_contents("<main><h2>x</h2></main>") == "<main><h2>x</h2></main>"


def test_compact_svg_rounds_path_data_to_a_tenth_and_drops_repeated_line_commands():
    svg = ('<svg><path d="M 410.332476 206.33546 \nL 411.98294 208.515835 \nL -0.04 3 \nz\n" '
           'style="fill: #0072b2"/><text x="1.23456">1.23456</text></svg>')
    assert compact_svg(svg) == ('<svg><path d="M 410.3 206.3 412 208.5 0 3 z" '
                                'style="fill: #0072b2"/><text x="1.23456">1.23456</text></svg>')


def test_compact_svg_keeps_curves_explicit():
    assert compact_svg('<path d="M 0 0 C 1.26 1 2 2 3 3 L 4 4 L 5 5"/>') == (
        '<path d="M 0 0 C 1.3 1 2 2 3 3 L 4 4 5 5"/>')


@pytest.mark.notebook
def test_every_section_page_weighs_at_most_250_kb_and_loads_nothing_remote(built):
    out, results = built
    for r in results:
        page = r.spec.path(".html")
        html = page.read_text(encoding="utf-8")
        assert page.stat().st_size <= MAX_SECTION_PAGE_BYTES, (page, page.stat().st_size)
        assert check_offline(html) == []
        assert "data:image/png" not in html  # charts are SVG images
        assert html.count("data:image/svg+xml;base64,") == len(re.findall(r"<img\b", html))
        for img in BeautifulSoup(html, "html.parser").find_all("img"):  # each with its source
            caption = img.find_next("p")
            assert caption["class"] == ["chart-source"], (page, img["alt"])
            assert caption.get_text().startswith("Source : ") and len(caption.get_text()) > 15


def test_barh_puts_the_label_of_a_long_bar_inside_it_and_the_others_after_them():
    import matplotlib.pyplot as plt

    from analysis.display.charts import barh

    fig, ax = barh(["a", "b", "c"], [100, 69, 5], value_labels=["100 (90 %)", "69", "5"])
    inside, after, short = ax.texts
    assert (inside.get_ha(), inside.get_color()) == ("right", "white")
    assert after.get_ha() == "left" and short.get_ha() == "left"
    plt.close(fig)


def _chart_with_a_legend():
    from analysis.display.charts import legend_above, new_chart

    fig, ax = new_chart(3.0)
    ax.plot([2012, 2050], [100, 50], label="objectif national")
    ax.plot([2016, 2050], [100, 46], label="objectif territorial")
    ax.set_xlabel("année")
    legend_above(ax, ncol=2)
    return fig, ax


def test_render_svg_draws_a_chart_once_with_its_title_above_the_plot(monkeypatch):
    import matplotlib.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.display.charts import render_svg

    fig, ax = _chart_with_a_legend()
    draws = []
    real_draw = matplotlib.figure.Figure.draw
    monkeypatch.setattr(matplotlib.figure.Figure, "draw",
                        lambda self, renderer: draws.append(renderer) or real_draw(self, renderer))
    svg = render_svg(fig, "Titre du graphique")
    assert len(draws) == 1  # no dry run before the SVG drawing
    assert svg.startswith("<svg") and "Titre du graphique" in svg

    renderer = FigureCanvasAgg(fig).get_renderer()  # the figure is closed: measure it anew
    plot = ax.get_tightbbox(renderer)  # ticks, axis label and legend included
    assert plot.y0 >= 0 and plot.x0 >= 0
    assert plot.y1 <= fig._suptitle.get_window_extent(renderer).y0 + 1


def test_show_publishes_the_chart_then_its_source_as_escaped_text(monkeypatch):
    import IPython.display

    from analysis.display.charts import show

    published = []
    monkeypatch.setattr(IPython.display, "publish_display_data",
                        lambda data, metadata=None: published.append((data, metadata)))
    fig, _ = _chart_with_a_legend()
    show(fig, "Titre", "Rapport <2019>, l. 12 & 14", "deux droites")
    (chart, chart_meta), (caption, _) = published
    assert chart["text/plain"] == "Titre" and "Rapport" not in chart["image/svg+xml"]
    assert chart_meta["image/svg+xml"]["alt"] == "Graphique : Titre. deux droites"
    assert caption == {
        "text/html": '<p class="chart-source">Source : Rapport &lt;2019&gt;, l. 12 &amp; 14</p>',
        "text/plain": "Source : Rapport <2019>, l. 12 & 14"}


def test_legend_above_sits_over_the_plot_whatever_the_axis_label():
    import matplotlib.pyplot as plt

    fig, ax = _chart_with_a_legend()
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= ax.get_window_extent(renderer).y1 - 1
    assert not legend.overlaps(ax.xaxis.label.get_window_extent(renderer))
    plt.close(fig)


def test_number_axes_get_at_most_six_ticks_and_category_axes_keep_theirs():
    import matplotlib.pyplot as plt

    from analysis.display.charts import _limit_ticks, new_chart

    fig, ax = new_chart()
    ax.plot([2012, 2050], [0, 110])  # matplotlib alone: a tick every 5 years, eight of them
    fig2, ax2 = new_chart()
    ax2.bar(["verre", "papier", "métaux", "bois", "gravats", "textile", "déchets verts"],
            [1, 2, 3, 4, 5, 6, 7])
    for figure in (fig, fig2):
        _limit_ticks(figure)
    for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        shown = [t for t in axis.get_majorticklocs() if low <= t <= high]
        assert 3 <= len(shown) <= 6, shown
    assert [t.get_text() for t in ax2.get_xticklabels()][-1] == "déchets verts"
    assert len(ax2.get_xticks()) == 7
    plt.close(fig)
    plt.close(fig2)


def test_year_ticks_fall_on_round_years():
    from analysis.display.charts import year_locator

    assert list(year_locator().tick_values(2012, 2050)) == [2010, 2020, 2030, 2040, 2050]
    assert list(year_locator().tick_values(2012, 2030)) == [2010, 2015, 2020, 2025, 2030]


def test_table_of_contents_decodes_nbconvert_s_percent_encoded_ids():
    # WeasyPrint finds a link's target by its decoded name: an encoded id left the printed
    # contents without page numbers for accented headings
    page = ('<nav id="toc"></nav>\n<main><h2 id="Co%C3%BBt-du-service">Coût du service'
            '<a class="anchor-link" href="#Co%C3%BBt-du-service">¶</a></h2>'
            '<h2 id="A%22B">A"B</h2></main>')
    html = add_table_of_contents(page)
    assert '<h2 id="Coût-du-service">' in html
    assert '<a href="#Coût-du-service">Coût du service</a>' in html
    assert '<h2 id="A&quot;B">' in html
