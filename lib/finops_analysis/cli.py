"""The `finops` command. Thin: it parses arguments, calls the library and prints.

Heavy imports (DuckDB, pandas, Great Expectations) happen inside each command so that
`finops --help` stays fast. A FinopsError prints as a message and exits 1; anything else
is a bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schedule_cli
from .errors import FinopsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finops",
        description="FinOps analytics over FOCUS billing data: validation, allocation, forecasts, report packs.")
    parser.add_argument("--config", metavar="FILE", help="finops.yaml to use (default: nearest one above the working folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="validate the inputs with Great Expectations; exit 1 on a critical failure",
                       description="Validate every input of a data folder (billing/ is required; ownership.csv, "
                                   "usage_metrics.csv and budgets.csv are optional), print a summary and write the "
                                   "Great Expectations Data Docs.")
    p.add_argument("--data", metavar="DIR", help="data folder (default: finops.yaml data_dir, data/sample)")
    p.add_argument("--docs", metavar="DIR", help="where to write the Data Docs (default: OUT/validation)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("summary", help="print what a data folder holds: providers, months, rows, totals, owners",
                       description="Summarise a data folder: billing rows and totals per provider, and how costs "
                                   "find their owners.")
    p.add_argument("--data", metavar="DIR", help="data folder (default: finops.yaml data_dir, data/sample)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("sample", help="generate the fictional sample company (deterministic)",
                       description="Generate the sample company's FOCUS billing data and reference files. "
                                   "Larger sets for benchmarks come from --scale.")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write (created; replaced if it holds a sample)")
    p.add_argument("--months", type=int, default=18, help="complete billing months (default 18)")
    p.add_argument("--end-month", default="2026-10", metavar="YYYY-MM", help="last billing month (default 2026-10)")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies the number of resources (default 1)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("run", help="run one notebook with parameters; writes the executed notebook and its HTML",
                       description="Run a notebook ad hoc with papermill. A parameter the notebook does not declare "
                                   "is an error that lists the ones it does.")
    p.add_argument("notebook", metavar="NOTEBOOK", help="path to an .ipynb file (e.g. notebooks/20_allocation.ipynb)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="set a parameter (repeatable)")
    p.add_argument("--data", metavar="DIR", help="data folder, passed as data_dir (default: finops.yaml data_dir)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: OUT/runs/NOTEBOOK)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("pack", help="build a report pack: monthly, quarterly, showback or pulse",
                       description="Validate the inputs, run the pack's notebooks and write the PDF, the HTML, the "
                                   "executed notebooks, the exports and manifest.json to OUT/KIND-PERIOD/. A failed "
                                   "run leaves the previous pack in place.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    for kind, help_text in (("monthly", "the finance pack for a month"),
                            ("quarterly", "the leadership optimization review for a quarter"),
                            ("showback", "one pack per engineering team (or --team) for a month"),
                            ("pulse", "engineering's weekly spend pulse for an ISO week")):
        k = kinds.add_parser(kind, help=help_text)
        if kind == "quarterly":
            k.add_argument("--quarter", metavar="YYYYQn", help="calendar quarter, e.g. 2026Q3 (default: the latest "
                                                              "complete quarter in the data)")
        elif kind == "pulse":
            k.add_argument("--period", metavar="YYYY-Www", help="ISO week, Monday to Sunday, e.g. 2026-W44 (default: "
                                                               "the latest complete week in the data)")
        else:
            k.add_argument("--period", metavar="YYYY-MM", help="billing month (default: the latest complete month "
                                                              "in the data)")
        if kind == "showback":
            k.add_argument("--team", metavar="NAME", help="only this team (default: every team)")
        k.add_argument("--data", metavar="DIR", help="data folder (default: finops.yaml data_dir)")
        k.add_argument("--out", metavar="DIR", help="output root (default: finops.yaml out_dir, reports/out)")
        k.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell (default 600)")
        k.set_defaults(func=cmd_pack)

    schedule_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_config_first(sys.argv[1:] if argv is None else list(argv)))
    try:
        return args.func(args) or 0
    except FinopsError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _config_first(argv: list[str]) -> list[str]:
    """`--config FILE` is accepted anywhere (`finops pack monthly --config x.yaml`), not only
    before the command: it is moved to the front, where the parser reads it."""
    for i, arg in enumerate(argv):
        if arg.startswith("--config="):
            return [arg, *argv[:i], *argv[i + 1:]]
        if arg == "--config" and i + 1 < len(argv):
            return [arg, argv[i + 1], *argv[:i], *argv[i + 2:]]
    return argv


def _config(args):
    from .config import load_config
    return load_config(args.config)


def cmd_validate(args) -> int:
    from .validate import validate_inputs
    config = _config(args)
    report = validate_inputs(args.data, config, docs_dir=args.docs)
    print(report.summary())
    return 0 if report.passed else 1


def cmd_summary(args) -> int:
    from .summary import describe_data
    config = _config(args)
    print(describe_data(args.data, config))
    return 0


def cmd_sample(args) -> int:
    from .sample import generate_sample
    config = _config(args)
    summary = generate_sample(Path(args.out), months=args.months, end_month=args.end_month,
                              scale=args.scale, seed=args.seed,
                              fiscal_year_start_month=config.fiscal_year_start_month)
    print(summary.describe() if hasattr(summary, "describe") else summary)
    return 0


def cmd_run(args) -> int:
    from .runs import run_adhoc
    config = _config(args)
    result = run_adhoc(Path(args.notebook), dict(args.parameter), config, data_dir=args.data, out_dir=args.out,
                       timeout=args.timeout, progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"executed notebook: {result.notebook}")
    print(f"HTML: {result.html}")
    return 0


def cmd_pack(args) -> int:
    from .packs import build_packs
    config = _config(args)
    period = getattr(args, "quarter", None) or getattr(args, "period", None)   # None: the latest complete one
    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    say(f"building the {args.kind} pack for {period or 'the latest complete period in the data'} ...")
    runs = build_packs(args.kind, period, config, data_dir=args.data, out_dir=args.out,
                       team=getattr(args, "team", None), progress=say, timeout=args.timeout)
    for run in runs:
        print(f"pack: {run.folder}")
        print(f"  PDF:  {run.pdf}")
        print(f"  HTML: {run.html}")
        print(f"  built in {run.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
