"""Anomalies on the committed sample company: every injected cost event is found, and the
anomalies flagged are mostly injected events (data/sample/README.md, Injected events).

Events in scope for a cost anomaly detector (a day's cost leaving its baseline):
E1 runaway logging (a spike), E2 Azure SQL price step, E4 mobile launch step, E5 dev VMs
left on at weekends. Out of scope: E3 (a tagging regression moves ownership, not cost) and
E6 (previous-generation instances cost a steady premium from the first day of the data:
there is no change to detect; optimization reports find it).
"""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from finops_analysis.anomalies import detect_anomalies
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE

END = date(2026, 10, 31)          # "end of data" in the README
ALL = None                         # "all its accounts"
# id -> (providers, sub-account names, services, start, end), as the README's table gives them
IN_SCOPE = {
    "E1": ({"AWS"}, {"storefront-prod"}, {"AmazonCloudWatch"}, date(2026, 9, 14), date(2026, 9, 17)),
    "E2": ({"Microsoft"}, ALL, {"Azure SQL Database"}, date(2026, 7, 1), END),
    "E4": ({"AWS", "Microsoft"}, {"pocketly-mobile-prod", "mobile-notifications-prod"},
           {"AWS Data Transfer", "Amazon CloudFront", "Amazon ElastiCache", "Amazon Elastic Compute Cloud",
            "Amazon Relational Database Service", "Amazon Virtual Private Cloud", "Bandwidth", "Virtual Machines"},
           date(2026, 6, 2), END),
    "E5": ({"Microsoft"}, {"insights-dev"}, {"Virtual Machines"}, date(2026, 5, 2), END),
}


def matches(anomaly, event) -> bool:
    providers, accounts, services, start, end = event
    return (anomaly.provider in providers and (accounts is ALL or anomaly.sub_account_name in accounts)
            and anomaly.service_name in services and anomaly.start_date <= end and anomaly.end_date >= start)


@pytest.fixture(scope="module")
def anomalies(tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("anomalies_sample")
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=folder / "duckdb_tmp",
                                 out_dir=folder / "out")
    with open_warehouse(SAMPLE, config) as wh:
        daily = wh.query("marts/anomalies_cost_by_sub_account_service_day", start_date=None, end_date=None)
    return detect_anomalies(daily)        # the library's defaults (threshold 5.0, see anomalies.py)


def test_every_injected_cost_event_is_found(anomalies):
    found = {eid for eid, event in IN_SCOPE.items() if any(matches(a, event) for a in anomalies.itertuples())}
    recall = len(found) / len(IN_SCOPE)
    assert recall == 1.0, f"missed {sorted(set(IN_SCOPE) - found)}"


def test_most_flagged_anomalies_are_injected_events(anomalies):
    injected = [any(matches(a, event) for event in IN_SCOPE.values()) for a in anomalies.itertuples()]
    precision = sum(injected) / len(injected)
    assert precision >= 0.8, anomalies[[not i for i in injected]].to_string()


def test_each_event_starts_on_its_documented_day(anomalies):
    for eid, event in IN_SCOPE.items():
        starts = [a.start_date for a in anomalies.itertuples() if matches(a, event)]
        assert min(starts) == event[3], eid


def test_runaway_logging_is_one_four_day_event_of_its_documented_size(anomalies):
    e1 = [a for a in anomalies.itertuples() if matches(a, IN_SCOPE["E1"])]
    assert len(e1) == 1
    assert (e1[0].start_date, e1[0].duration_days, e1[0].owner_team) == (date(2026, 9, 14), 4, "checkout")
    assert e1[0].excess_cost == pytest.approx(2478.05, rel=0.02)       # README: excess $2,478.05 over 4 days


def test_level_shifts_are_reported_once_not_for_months(anomalies):
    for eid in ("E2", "E4"):
        events = [a for a in anomalies.itertuples() if matches(a, IN_SCOPE[eid])]
        assert all(a.duration_days <= 21 for a in events), eid
        # one event per touched series (a series may see a second, short burst while the
        # baseline catches up), never a stream of them
        per_series = pd.Series([(a.sub_account_name, a.service_name) for a in events]).value_counts()
        assert per_series.max() <= 2, eid
