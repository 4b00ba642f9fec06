"""What the sample company runs where: one line per workload, with its daily on-demand cost
(contracted prices, at scale 1, on REFERENCE_DAY) and how it behaves over time.

A fleet line is a pool of instance-like resources billed by the hour: usage grows by
starting more of them (the newest one runs part of the day), so every ResourceId reports
at most a full day of hours. A metered line is a set of resources billed by volume
(storage, requests, GB transferred); each of its SKUs is its own group of meters.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REFERENCE_DAY = date(2025, 5, 1)   # the day the costs below describe; growth compounds from it
SPEND_FACTOR = 1.18                # calibrates the whole table to ~$300k/month at the start


@dataclass(frozen=True)
class Line:
    sa: str                              # SubAccount.key
    team: str
    service: str                         # Service.key
    skus: tuple[tuple[str, float], ...]  # (Sku.key, share of the line's cost)
    usd: float                           # daily on-demand cost at scale 1 on REFERENCE_DAY
    prefix: str                          # resource name stem
    fleet: bool = False
    n: int = 1                           # metered: resources (each bills every SKU of the line)
    pattern: str = "prod"                # companies.WEEKLY key
    sigma: float = 0.03                  # day-to-day noise shared by the group
    fixed: int | None = None             # a fleet of a fixed size that does not grow
    product: str | None = None           # when it differs from the sub-account's product
    grows: bool = True                   # False: a legacy workload that stays the same size


def F(sa, team, service, skus, usd, prefix, pattern="steady", sigma=0.02, **kw) -> Line:
    return Line(sa, team, service, tuple(skus.items()), usd, prefix, True, 1, pattern, sigma, **kw)


def M(sa, team, service, skus, usd, prefix, n=1, pattern="prod", sigma=0.03, **kw) -> Line:
    return Line(sa, team, service, tuple(skus.items()), usd, prefix, False, n, pattern, sigma, **kw)


_S = 0.004   # storage barely moves from one day to the next

LINES: tuple[Line, ...] = (
    # --- AWS main org: storefront prod (checkout, search; the platform team's EKS control planes)
    F("sf-prod", "checkout", "ec2", {"m6i.2xlarge": .45, "m6i.xlarge": .35, "c6i.2xlarge": .2}, 1000, "checkout-api"),
    F("sf-prod", "search", "ec2", {"r6i.xlarge": .5, "r6i.2xlarge": .3, "c6i.4xlarge": .2}, 700, "search-api"),
    F("sf-prod", "platform", "eks", {"eks-cluster": 1}, 0, "storefront", "flat", 0, fixed=3),
    M("sf-prod", "checkout", "ebs", {"gp3": .8, "ebs-snapshot": .2}, 120, "checkout", 40, "flat", _S),
    M("sf-prod", "search", "ebs", {"gp3": .85, "ebs-snapshot": .15}, 90, "search", 30, "flat", _S),
    F("sf-prod", "checkout", "rds", {"db.r6g.2xlarge": .85, "db.r6g.xlarge": .15}, 380, "checkout-aurora", "flat", .01),
    M("sf-prod", "checkout", "rds", {"aurora-storage": .55, "aurora-io": .45}, 90, "checkout-aurora", 4, sigma=.02),
    F("sf-prod", "checkout", "elasticache", {"cache.r6g.large": 1}, 95, "checkout-redis", "flat", .01),
    M("sf-prod", "checkout", "s3", {"s3-standard": .6, "s3-put": .25, "s3-get": .15}, 75, "checkout-assets", 8, sigma=.02),
    M("sf-prod", "checkout", "cloudfront", {"cf-dto": .8, "cf-requests": .2}, 240, "storefront", 3, sigma=.035),
    M("sf-prod", "checkout", "cloudwatch", {"logs-ingest": .7, "logs-storage": .15, "cw-metrics": .15}, 85,
      "checkout", 8),
    M("sf-prod", "search", "cloudwatch", {"logs-ingest": .6, "logs-storage": .2, "cw-metrics": .2}, 38, "search", 5),
    M("sf-prod", "search", "lambda", {"lambda-requests": .3, "lambda-duration": .7}, 45, "search-indexer", 6, sigma=.035),
    M("sf-prod", "search", "s3", {"s3-standard": .8, "s3-get": .2}, 25, "search-index", 4, sigma=.01),
    # --- storefront staging and dev
    F("sf-stg", "checkout", "ec2", {"m6i.xlarge": .6, "t3.large": .4}, 110, "checkout-stg", "staging"),
    F("sf-stg", "search", "ec2", {"r6i.xlarge": 1}, 75, "search-stg", "staging"),
    F("sf-stg", "payments", "ec2", {"c6i.xlarge": 1}, 40, "payments-stg", "staging"),
    F("sf-stg", "checkout", "rds", {"db.r6g.large": 1}, 50, "checkout-stg-aurora", "flat", .01),
    M("sf-stg", "checkout", "ebs", {"gp3": 1}, 30, "checkout-stg", 15, "flat", _S),
    M("sf-stg", "checkout", "s3", {"s3-standard": .7, "s3-put": .3}, 10, "checkout-stg", 4, sigma=.02),
    M("sf-stg", "checkout", "cloudwatch", {"logs-ingest": .6, "logs-storage": .4}, 18, "checkout-stg", 4, "staging"),
    F("sf-dev", "checkout", "ec2", {"t3.large": .6, "m6i.large": .4}, 60, "checkout-dev", "dev"),
    F("sf-dev", "search", "ec2", {"t3.large": .5, "r6i.large": .5}, 35, "search-dev", "dev"),
    F("sf-dev", "payments", "ec2", {"t3.medium": 1}, 15, "payments-dev", "dev"),
    F("sf-dev", "checkout", "rds", {"db.t4g.medium": 1}, 18, "checkout-dev-aurora", "dev"),
    M("sf-dev", "checkout", "ebs", {"gp3": 1}, 45, "checkout-dev", 20, "flat", _S),
    M("sf-dev", "checkout", "s3", {"s3-standard": 1}, 6, "checkout-dev", 4, "flat", _S),
    M("sf-dev", "checkout", "cloudwatch", {"logs-ingest": .7, "logs-storage": .3}, 9, "checkout-dev", 3, "dev"),
    # --- payments (dedicated account) and ml (dedicated account)
    F("pay-prod", "payments", "ec2", {"c6i.2xlarge": .6, "c6i.xlarge": .4}, 260, "payments-api"),
    F("pay-prod", "payments", "rds", {"db.r6g.2xlarge": 1}, 155, "payments-aurora", "flat", .01),
    M("pay-prod", "payments", "ebs", {"gp3": .85, "ebs-snapshot": .15}, 30, "payments", 12, "flat", _S),
    M("pay-prod", "payments", "s3", {"s3-standard": .7, "s3-put": .3}, 12, "payments-ledger", 3, sigma=.02),
    M("pay-prod", "payments", "cloudwatch", {"logs-ingest": .6, "logs-storage": .2, "cw-metrics": .2}, 28, "payments", 4),
    M("ml-prod", "ml", "bedrock", {"bedrock-in": .4, "bedrock-out": .45, "bedrock-embed": .15}, 200, "genai", 3, sigma=.04),
    F("ml-prod", "ml", "ec2", {"g5.2xlarge": 1}, 215, "ml-training"),
    M("ml-prod", "ml", "s3", {"s3-standard": .9, "s3-get": .1}, 38, "ml-features", 4, sigma=.01),
    # --- shared accounts: networking, observability, security tooling, CI/CD
    F("net", "platform", "vpc", {"natgw-hours": 1}, 0, "shared-egress", "flat", 0, fixed=6),
    M("net", "platform", "vpc", {"natgw-bytes": 1}, 235, "shared-egress", 6),
    M("net", "platform", "datatransfer", {"dt-inter-az": .5, "dt-out": .5}, 135, "transfer"),
    M("net", "platform", "route53", {"r53-queries": 1}, 8, "dns", 3),
    M("obs", "sre", "cloudwatch", {"logs-ingest": .5, "logs-storage": .3, "cw-metrics": .2}, 175, "platform-logs", 10,
      sigma=.025),
    F("obs", "sre", "ec2", {"m6i.xlarge": 1}, 70, "prometheus", "flat", .01),
    M("obs", "sre", "ebs", {"gp3": 1}, 25, "prometheus", 10, "flat", _S),
    M("obs", "sre", "s3", {"s3-standard": 1}, 28, "log-archive", 3, "flat", _S),
    M("sec", "security", "guardduty", {"gd-flowlogs": .6, "gd-events": .4}, 105, "guardduty", 1, sigma=.02),
    M("sec", "security", "securityhub", {"sh-checks": 1}, 25, "securityhub", 1, "flat", .01),
    M("sec", "security", "s3", {"s3-standard": 1}, 12, "cloudtrail", 2, "flat", _S),
    M("cicd", "platform", "codebuild", {"cb-medium": .6, "cb-large": .4}, 170, "build", 12, "build", .05),
    F("cicd", "platform", "ec2", {"c6i.2xlarge": .5, "m6i.xlarge": .5}, 60, "ci-runner", "build", .03),
    F("cicd", "platform", "eks", {"eks-cluster": 1}, 0, "ci", "flat", 0, fixed=1),
    M("cicd", "platform", "s3", {"s3-standard": .8, "s3-put": .2}, 18, "artifacts", 3, sigma=.02),
    # --- AWS Pocketly org (acquired): mobile
    F("mob-prod", "mobile-api", "ec2", {"m4.xlarge": .35, "m4.2xlarge": .25, "c4.2xlarge": .25, "c4.xlarge": .15},
      170, "pocketly-api"),
    F("mob-prod", "mobile-api", "ec2", {"m6i.xlarge": 1}, 35, "pocketly-push"),
    F("mob-prod", "mobile-api", "rds", {"db.m5.large": .6, "db.r5.large": .4}, 70, "pocketly-db", "flat", .01),
    F("mob-prod", "mobile-api", "elasticache", {"cache.m5.large": 1}, 30, "pocketly-cache", "flat", .01),
    M("mob-prod", "mobile-api", "cloudfront", {"cf-dto": .8, "cf-requests": .2}, 90, "pocketly", 2, sigma=.035),
    M("mob-prod", "mobile-api", "vpc", {"natgw-bytes": 1}, 30, "pocketly-egress", 2),
    F("mob-prod", "mobile-api", "vpc", {"natgw-hours": 1}, 0, "pocketly-egress", "flat", 0, fixed=2),
    M("mob-prod", "mobile-api", "datatransfer", {"dt-out": 1}, 20, "transfer"),
    M("mob-prod", "mobile-api", "cloudwatch", {"logs-ingest": .6, "logs-storage": .2, "cw-metrics": .2}, 30,
      "pocketly-api", 4),
    M("mob-prod", "mobile-api", "ebs", {"gp3": 1}, 22, "pocketly", 12, "flat", _S),
    M("mob-prod", "growth", "s3", {"s3-standard": .7, "s3-put": .3}, 25, "pocketly-events", 4, sigma=.02),
    M("mob-prod", "growth", "lambda", {"lambda-requests": .4, "lambda-duration": .6}, 22, "campaigns", 4, sigma=.035),
    M("mob-prod", "growth", "cloudwatch", {"logs-ingest": .7, "logs-storage": .3}, 8, "campaigns", 2),
    F("mob-stg", "mobile-api", "ec2", {"m4.large": .5, "t3.medium": .5}, 30, "pocketly-stg", "staging"),
    F("mob-stg", "mobile-api", "rds", {"db.m5.large": 1}, 12, "pocketly-stg-db", "flat", .01),
    M("mob-stg", "mobile-api", "ebs", {"gp3": 1}, 6, "pocketly-stg", 4, "flat", _S),
    F("mob-dev", "mobile-api", "ec2", {"t3.medium": 1}, 15, "pocketly-dev", "dev"),
    M("mob-dev", "mobile-api", "ebs", {"gp3": 1}, 4, "pocketly-dev", 3, "flat", _S),
    # --- Azure: insights prod, staging, dev; mobile notifications; shared security
    F("az-ins-prod", "data-eng", "azvm", {"az-e8sv5": 1}, 95, "etl-legacy", "flat", .015, grows=False),
    F("az-ins-prod", "data-eng", "azvm", {"az-d8sv5": .6, "az-d4sv5": .4}, 120, "etl"),
    F("az-ins-prod", "data-eng", "azsql", {"sql-gp-8": 1}, 360, "insights", "flat", .01),
    M("az-ins-prod", "data-eng", "azsql", {"sql-storage": 1}, 45, "insights", 6, "flat", _S),
    M("az-ins-prod", "data-eng", "azstorage", {"blob-hot": .6, "blob-write": .25, "blob-read": .15}, 200,
      "insightslake", 8, "batch", .02),
    M("az-ins-prod", "data-eng", "azbandwidth", {"az-dto": 1}, 65, "insights-api", 2),
    M("az-ins-prod", "data-eng", "azmonitor", {"la-ingest": 1}, 85, "insights", 2, sigma=.025),
    F("az-ins-prod", "platform", "aks", {"aks-uptime": 1}, 0, "insights", "flat", 0, fixed=2),
    M("az-ins-prod", "ml", "aoai", {"aoai-in": .4, "aoai-out": .6}, 280, "insights-assistant", 2, sigma=.04),
    F("az-ins-stg", "data-eng", "azvm", {"az-d4sv5": 1}, 48, "etl-stg", "staging"),
    F("az-ins-stg", "data-eng", "azsql", {"sql-gp-4": 1}, 50, "insights-stg", "flat", .01),
    M("az-ins-stg", "data-eng", "azstorage", {"blob-hot": .8, "blob-write": .2}, 14, "insightsstg", 3, sigma=.01),
    F("az-ins-dev", "data-eng", "azvm", {"az-d4sv5": .6, "az-d8sv5": .4}, 100, "de-dev", "dev"),
    F("az-ins-dev", "ml", "azvm", {"az-d4sv5": 1}, 25, "ml-dev", "dev"),
    F("az-ins-dev", "data-eng", "azsql", {"sql-gp-4": 1}, 25, "insights-dev", "flat", .01),
    M("az-ins-dev", "data-eng", "azstorage", {"blob-hot": 1}, 8, "insightsdev", 3, "flat", _S),
    F("az-mob", "mobile-api", "azvm", {"az-d4v3": .6, "az-d8v3": .4}, 110, "pocketly-notify"),
    M("az-mob", "mobile-api", "azstorage", {"blob-hot": .7, "blob-write": .3}, 12, "pocketlynotify", 2, sigma=.02),
    M("az-mob", "mobile-api", "azbandwidth", {"az-dto": 1}, 22, "pocketly-notify"),
    M("az-sec", "security", "defender", {"defender-servers": 1}, 105, "defender", 3, "flat", .01),
    M("az-sec", "security", "azmonitor", {"la-ingest": 1}, 55, "sentinel", 1, sigma=.025),
    # --- Google Cloud: storefront search, insights warehouse and ML, growth analytics, shared VPC
    F("gcp-sf-prod", "search", "gce", {"gce-n2-standard-8": .6, "gce-n2-highmem-8": .4}, 300, "search-indexer"),
    F("gcp-sf-prod", "checkout", "gce", {"gce-e2-standard-4": 1}, 65, "fraud-scoring"),
    M("gcp-sf-prod", "search", "gcs", {"gcs-standard": .7, "gcs-classa": .3}, 38, "search-snapshots", 3, sigma=.01),
    M("gcp-sf-prod", "search", "gcplogging", {"gcp-logs": 1}, 24, "search-logs"),
    M("gcp-ins-prod", "data-eng", "bigquery", {"bq-analysis": .75, "bq-storage": .25}, 420, "warehouse", 5, "batch", .04),
    F("gcp-ins-prod", "data-eng", "gce", {"gce-n2-standard-4": .5, "gce-n2-standard-8": .5}, 150, "dataproc-worker",
      "batch"),
    F("gcp-ins-prod", "data-eng", "cloudsql", {"cloudsql-pg-8": 1}, 45, "metadata-pg", "flat", .01),
    M("gcp-ins-prod", "data-eng", "gcs", {"gcs-standard": .8, "gcs-classa": .2}, 68, "lake", 6, sigma=.01),
    M("gcp-ins-prod", "ml", "vertex", {"vertex-training": .4, "vertex-prediction": .4, "gemini-in": .2}, 250, "recs", 3,
      sigma=.04),
    M("gcp-ins-prod", "data-eng", "gcplogging", {"gcp-logs": 1}, 28, "pipeline-logs"),
    F("gcp-ins-dev", "data-eng", "gce", {"gce-e2-standard-4": 1}, 38, "de-dev", "dev"),
    M("gcp-ins-dev", "data-eng", "bigquery", {"bq-analysis": .8, "bq-storage": .2}, 24, "sandbox", 2, "dev", .05),
    M("gcp-growth", "growth", "bigquery", {"bq-analysis": .7, "bq-storage": .3}, 105, "growth", 3, "batch", .04),
    M("gcp-growth", "growth", "gcs", {"gcs-standard": 1}, 18, "growth-exports", 2, "flat", _S),
    F("gcp-net", "platform", "gcpnet", {"nat-uptime": 1}, 0, "shared-nat", "flat", 0, fixed=4),
    M("gcp-net", "platform", "gcpnet", {"nat-data": 1}, 58, "shared-nat", 2),
    M("gcp-net", "platform", "gcpnet", {"lb-data": .6, "lb-rule": .4}, 38, "shared-lb", 2),
)
