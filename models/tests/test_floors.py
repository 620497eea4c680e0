"""Floors sit just under the measured figures, ceilings just over, and small groups get none."""

from edgeguard_models import floors


def _m(**kw):
    base = {"support": 0, "benign": 0, "recall": None, "fpr": None, "auprc": None, "f1": None}
    return base | kw


def test_floors_follow_the_measured_figures():
    student = {
        "val": {
            "overall": _m(f1=0.815, recall=0.8, fpr=0.041, auprc=0.9),
            "labels": {"S1": _m(support=10, auprc=0.5), "S2": _m(support=0, auprc=None)},
            "group_tables": {"domain": {"buried": _m(support=50, recall=0.7)}},
        },
        "external": {
            "group_tables": {
                "domain": {"code": _m(benign=100, fpr=0.1), "tiny": _m(benign=3, fpr=1.0)},
                "length": {"<20": _m(benign=500, fpr=0.0)},
                "source": {"advbench": _m(support=40, recall=0.5), "few": _m(support=2, recall=0.0)},
            }
        },
    }
    f = floors.floors(student)
    assert f["overall"] == {"f1": 0.79, "recall": 0.78, "max_fpr": 0.06, "auprc": 0.88, "buried_recall": 0.68}
    assert f["labels"] == {"S1": {"auprc": 0.46}}
    assert f["external"]["max_fpr_by_domain"] == {"code": 0.13}
    assert f["external"]["max_fpr_by_length"] == {"<20": 0.03}
    assert f["external"]["min_recall_by_source"] == {"advbench": 0.47}


def test_violations_name_what_the_accuracy_test_would_fail_on():
    student = {
        "val": {"overall": _m(f1=0.8, recall=0.7, fpr=0.2, auprc=0.9),
                "group_tables": {"domain": {"buried": _m(recall=0.9)}}},
        "external": {"group_tables": {"domain": {"chat": _m(fpr=0.11)}, "length": {}, "source": {"a": _m(recall=0.4)}}},
    }
    committed = {"overall": {"f1": 0.75, "recall": 0.75, "max_fpr": 0.1, "auprc": 0.8, "buried_recall": 0.8},
                 "external": {"max_fpr_by_domain": {"chat": 0.09}, "max_fpr_by_length": {},
                              "min_recall_by_source": {"a": 0.3}}}
    broken = floors.violations(student, committed)
    assert len(broken) == 3
    assert any("recall" in b for b in broken) and any("FPR 0.200" in b for b in broken)
    assert any("chat" in b for b in broken)
    assert floors.violations(student, {"overall": {}, "external": {}}) == []
