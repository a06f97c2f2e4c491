"""`from nqp_report import api`: DataFrames equal to the comparison records; pandas stays off the build path."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from nqp_report import api
from nqp_report.errors import NqpError
from nqp_report.excel.records import comparison_records


def plain(value):
    """Return a DataFrame cell as a plain Python value (NaN and <NA> as None)."""
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


@pytest.mark.parametrize("peers", [None, ["深圳", "合肥", "苏州"]])
def test_comparisons_match_the_records_row_for_row(peers):
    ds = api.load()
    frame = api.comparisons(ds, "宁波", peers)
    records = comparison_records(ds, "宁波", peers)
    expected = [{**row, **{k: rec[k] for k in ("indicator", "concept", "direction", "kind", "target_rank", "best")}}
                for rec in records for row in rec["rows"]]
    assert len(frame) == len(expected)
    got = [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    assert got == expected
    assert str(frame["rank"].dtype) == "Int64" and str(frame["value"].dtype) == "float64"
    ranked = frame[frame["indicator"].eq("rd_intensity") & frame["rank"].notna()]
    if peers is None:
        assert ranked.set_index("region")["rank"].to_dict() == {"宁波": 4, "深圳": 1, "苏州": 2, "杭州": 3}


def test_observations_frame_has_the_contract_columns(mini_copy):
    ds = api.load(mini_copy)
    frame = api.observations(ds)
    assert list(frame.columns) == ["region", "indicator", "year", "value", "qualifier", "kind", "source", "note",
                                   "year_basis", "preferred", "year_inferred", "row"]
    assert len(frame) == len(ds.observations) == 13
    first = frame.iloc[3]
    assert (first["region"], first["value"], first["row"]) == ("甲市", 1200.0, 5)
    assert frame["preferred"].sum() == 1


def test_missing_pandas_is_a_chinese_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(NqpError, match=r'pip install "nqp-report\[pandas\]"'):
        api.comparisons(api.load(), "宁波")


BUILD_SCRIPT = """
import json, sys
from nqp_report import api
result = api.build(template="brief", out=sys.argv[1], formats=("docx",), date="2026-11-24", target="苏州")
print(json.dumps({"outputs": [p.name for p in result.outputs], "pandas": "pandas" in sys.modules}))
"""


def test_build_through_the_api_never_imports_pandas(tmp_path):
    done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(tmp_path)], capture_output=True, text=True,
                          check=True, timeout=300)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"outputs": ["brief-苏州.docx"], "pandas": False}
    assert (tmp_path / "brief-苏州.docx").stat().st_size > 0
