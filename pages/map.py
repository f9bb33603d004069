"""结对地图: the pairings on an offline county map — townships by a chosen metric's status, the worst
tenth of villages marked, arcs on demand; a click on a township filters, on a village opens 村画像."""

import streamlit as st

from sanlian import data, geometry, labels, maps, settings, tables, text, widgets
from sanlian.filter_state import TOWNS_WIDGET, set_towns, url_params
from sanlian.frame import frame

ctx = frame("结对地图", ":material/map:")
villages = data.query("map_villages", **ctx.params)
arcs = data.query("map_pairing_arcs", **ctx.params)
scorecard = data.query("township_scorecard", **ctx.params)
if arcs.empty and not villages["activities"].any() and not scorecard["issues_raised"].any():
    widgets.empty_state()
    st.stop()

county = data.query("township_scorecard", **{**ctx.params, "townships": []})
shapes = maps.county_shapes(data.all_townships(), geometry.read_outline(settings.COUNTY_OUTLINE_FILE),
                            geometry.read_township_shapes(settings.TOWNSHIP_SHAPES_FILE))
scope = data.current_scope()
if scope is not None:  # a township user sees their own area, never the county drawn as theirs
    shapes = maps.within(shapes, scope.codes)

cells = st.columns(4)
for cell, (label, value) in zip(cells, maps.map_counts(villages, arcs).items()):
    cell.metric(label, labels.count(value), border=True)

picker, toggle = st.columns([4, 1], vertical_alignment="bottom")
metric = picker.segmented_control("乡镇底色", maps.METRIC_CHOICES, default="visit_completion_rate",
                                  required=True, format_func=lambda m: labels.METRICS[m].title,
                                  key="map_metric")
show_arcs = toggle.toggle("显示结对连线", value=False, key="map_arcs",
                          help="机关党组织（画在县城）到所结对村的连线；线多时会遮住县城附近，默认不画。")
bands = maps.colour_bands(metric, county[metric])
chosen = set(scorecard["township_code"])
focus = shapes.areas.get(ctx.params["townships"][0]) if len(ctx.filters.towns) == 1 else None
# The key follows the filter, so a township picked on the map is not kept highlighted after the
# filter changes elsewhere; reruns with the same filter keep the user's pan and zoom.
map_key = "pairing_map_" + "_".join(sorted(ctx.params["townships"]))


def _on_pick() -> None:
    objects = st.session_state[map_key].selection.objects
    if objects.get("villages"):
        picked = objects["villages"][0]
        st.session_state["filters"] = st.session_state["filters"].with_village(picked["township"], picked["village"])
        st.session_state[TOWNS_WIDGET] = [picked["township"]]
        st.session_state["map_open_village"] = True
    elif objects.get("townships"):
        set_towns([objects["townships"][0]["township"]])


st.pydeck_chart(maps.pairing_map(shapes, scorecard, villages, arcs, metric, bands, chosen, show_arcs, focus),
                height=maps.MAP_HEIGHT, on_select=_on_pick, selection_mode="single-object", key=map_key)
if st.session_state.pop("map_open_village", False):
    st.switch_page("pages/village.py", query_params=url_params(st.session_state["filters"]))

legend, ranking = st.columns([2, 3])
with legend:
    st.markdown(maps.legend_html(metric, bands), unsafe_allow_html=True)
with ranking:
    st.markdown(f"**{labels.METRICS[metric].title} 排名**")
    st.dataframe(maps.ranking(scorecard, metric), hide_index=True, placeholder=tables.MISSING, width="stretch")
    st.caption(labels.METRICS[metric].help)

st.caption(("乡镇范围是按乡镇驻地划分的示意分区，不是真实行政边界。" if shapes.schematic else "")
           + f"{int(villages['lon'].isna().sum())} 个村（居）没有已知坐标，按编号示意地排在所属乡镇驻地周围"
           "（鼠标悬停可见“位置为示意”）；机关党组织统一画在县城"
           f"（{text.for_markdown(shapes.names.get(settings.COUNTY_SEAT_TOWNSHIP, '县城'))}）附近的示意位置。"
           "导入真实坐标或乡镇边界（data/reference/townships.geojson）后地图自动改用真实位置。")
