"""Search as people type: without diacritics, in any case, a unit's organs under the unit,
unknown names said so (exit 3) with close spellings suggested."""
from __future__ import annotations

import json

import pytest

from vnextract.cli import main
from pipeline.store import contains_key, name_key, suggest, unit_key, unit_of


def _json(capsys, *argv: str):
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _without_query(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("unit", "official", "keys")}


@pytest.mark.parametrize("typed", ["tran van thuy", "TRAN VAN THUY", "Tran Van Thuy", "đ/c tran van thuy"])
def test_official_typed_without_diacritics_finds_the_same(capsys, db, typed):
    exact = _json(capsys, "audit", "--db", db, "--official", "Trần Văn Thủy", "--format", "json")
    plain = _json(capsys, "audit", "--db", db, "--official", typed, "--format", "json")
    assert len(exact["appearances"]) == 3
    assert _without_query(plain) == _without_query(exact)


@pytest.mark.parametrize("typed", ["phuong quang hoa", "PHUONG QUANG HOA", "ubnd phuong quang hoa",
                                   "UBND phường Quảng Hòa", "Đảng ủy phường Quảng Hoà"])
def test_unit_typed_any_way_finds_the_same(capsys, db, typed):
    exact = _json(capsys, "audit", "--db", db, "--unit", "phường Quảng Hòa", "--format", "json")
    plain = _json(capsys, "audit", "--db", db, "--unit", typed, "--format", "json")
    assert len(exact["criteria"]) == 3 and exact["tasks"]
    assert _without_query(plain) == _without_query(exact)


def test_task_filters_typed_without_diacritics(capsys, db):
    for option, exact, plain in (("--official", "Trần Văn Thủy", "tran van thuy"),
                                 ("--unit", "xã Tân Phong", "xa tan phong")):
        want = _json(capsys, "tasks", "--db", db, option, exact, "--format", "json")
        got = _json(capsys, "tasks", "--db", db, option, plain, "--format", "json")
        assert want and [t["task_id"] for t in got] == [t["task_id"] for t in want]


def test_diacritics_typed_are_respected():
    # With diacritics the query means exactly that name: `Tấn Dần` is not `Tân Dân`.
    assert contains_key(unit_key("đề nghị phường Tân Dân"), unit_key("phường Tân Dân"))
    assert not contains_key(unit_key("đề nghị phường Tân Dân"), unit_key("phường Tấn Dần"))
    assert contains_key(unit_key("đề nghị phường Tân Dân"), unit_key("phuong tan dan"))
    assert contains_key(name_key("Đồng chí Lê Văn Định"), name_key("le van dinh"))
    assert not contains_key(unit_key("phường Tân Dân Bắc"), unit_key("phuong tan da"))


@pytest.mark.parametrize("organ, unit", [
    ("UBND phường Quảng Hòa", "phường Quảng Hòa"),
    ("Ủy ban nhân dân xã Đông Sơn", "xã Đông Sơn"),
    ("HĐND thị trấn Sao Vàng", "thị trấn Sao Vàng"),
    ("Đảng ủy phường Tân Dân", "phường Tân Dân"),
    ("Thường trực HĐND huyện Thọ Xuân", "huyện Thọ Xuân"),
    ("Công an xã Hải Bình", "xã Hải Bình"),
    ("hdnd xa hai binh", "xa hai binh"),
])
def test_unit_of_drops_the_organ(organ, unit):
    assert unit_of(unit_key(organ)) == unit_key(unit)


@pytest.mark.parametrize("name", ["Phòng Nội vụ huyện", "Ban Quản lý dự án huyện Thọ Xuân",
                                  "phường Tân Dân", "UBND"])
def test_unit_of_leaves_other_bodies_alone(name):
    assert unit_of(unit_key(name)) == unit_key(name)


def test_unknown_unit_or_person_says_so_and_suggests(capsys, db):
    for argv, expected in ((["audit", "--unit", "phuong quang hao"], "phường Quảng Hòa"),
                           (["audit", "--official", "Tran Van Thuyy"], "Trần Văn Th"),
                           (["tasks", "--unit", "xa tan phog"], "xã Tân Phong")):
        capsys.readouterr()
        assert main([*argv[:1], "--db", db, *argv[1:]]) == 3
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.count("\n") == 1
        assert "did you mean" in captured.err and expected in captured.err
    assert main(["audit", "--db", db, "--unit", "thành phố Không Có"]) == 3
    assert "check the spelling" in capsys.readouterr().err


def test_suggest_compares_without_case_or_diacritics():
    names = ["phường Tân Dân", "xã Tân Phong", "Phòng Văn hóa và Thông tin"]
    assert suggest("PHUONG TAN DAM", names)[0] == "phường Tân Dân"
    assert suggest("hội đồng thi đua", names) == []
