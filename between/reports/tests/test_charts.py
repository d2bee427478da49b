"""Chart geometry: bars proportional to their values, labels thinned, words for readers."""

from between.reports.charts import BOTTOM, HEIGHT, TOP, bar_chart


def test_percent_bars_scale_to_the_plot_and_missing_values_draw_nothing():
    chart = bar_chart(
        "c",
        "Share",
        [("5 Jan", 1.0), ("12 Jan", 0.5), ("19 Jan", None)],
        x_title="Week beginning",
        y_title="In time",
        percent=True,
    )
    plot = HEIGHT - TOP - BOTTOM
    full, half, none = chart.bars
    assert full.height == plot and full.y == TOP
    assert half.height == plot / 2
    assert (none.height, none.value_text) == (0, "")
    assert [t.text for t in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert "19 Jan: nothing to measure" in chart.description
    assert "5 Jan: 100%" in chart.description


def test_count_axis_has_whole_number_gridlines():
    def ticks(top):
        chart = bar_chart("c", "Count", [("a", 1.0), ("b", top)], x_title="Week", y_title="n")
        return [t.text for t in chart.ticks]

    assert ticks(2) == ["0", "1", "2"]
    assert ticks(7) == ["0", "2", "4", "6", "8"]
    assert ticks(23) == ["0", "5", "10", "15", "20", "25"]
    assert ticks(480) == ["0", "100", "200", "300", "400", "500"]
    chart = bar_chart("c", "Count", [("a", 3.0), ("b", 7.0)], x_title="Week", y_title="n")
    assert chart.bars[1].value_text == "7"
    assert chart.bars[1].height == (HEIGHT - TOP - BOTTOM) * 7 / 8
    empty = bar_chart("c", "Count", [("a", 0.0)], x_title="Week", y_title="n")
    assert [t.text for t in empty.ticks] == ["0", "1"] and empty.bars[0].height == 0


def test_long_periods_label_every_other_week():
    points = [(f"w{i}", float(i)) for i in range(26)]
    chart = bar_chart("c", "Count", points, x_title="Week", y_title="n")
    assert sum(b.show_label for b in chart.bars) == 13
