"""The fictional sample company as data: providers, billing accounts, sub-accounts, teams,
cost centers and products. Every id here is invented.
"""
from __future__ import annotations

from dataclasses import dataclass

COMPANY = "Kestrel Commerce, Inc."
CURRENCY = "USD"


@dataclass(frozen=True)
class Provider:
    key: str
    name: str              # ProviderName = PublisherName = InvoiceIssuerName
    discount: str          # negotiated discount off list (ContractedUnitPrice = list x (1 - discount))
    region: tuple[str, str]
    zones: tuple[str, ...]


@dataclass(frozen=True)
class BillingAccount:
    key: str
    provider: str
    id: str
    name: str
    type: str              # BillingAccountType
    tax_rate: str          # tax charged on the month's billed cost
    invoice_base: int      # invoice numbers count up from here, one per month


@dataclass(frozen=True)
class SubAccount:
    key: str
    billing: str           # BillingAccount.key
    id: str
    name: str
    type: str              # SubAccountType
    product: str           # storefront | insights | mobile | shared
    env: str               # prod | staging | dev
    dedicated: str | None = None   # the one team using it (gets an ownership rule)


@dataclass(frozen=True)
class Team:
    name: str
    cost_center: str
    product: str
    description: str


@dataclass(frozen=True)
class CostCenter:
    code: str
    name: str
    business_unit: str


PROVIDERS: dict[str, Provider] = {p.key: p for p in (
    Provider("aws", "AWS", "0.06", ("us-east-1", "US East (N. Virginia)"), ("us-east-1a", "us-east-1b", "us-east-1c")),
    Provider("azure", "Microsoft", "0.04", ("eastus", "East US"), ("1", "2", "3")),
    Provider("gcp", "Google Cloud", "0", ("us-central1", "Iowa"), ("us-central1-a", "us-central1-b", "us-central1-f")),
)}

BILLING_ACCOUNTS: dict[str, BillingAccount] = {b.key: b for b in (
    BillingAccount("aws-main", "aws", "418273645190", "Kestrel Commerce (AWS main org)", "Billing Account",
                   "0.018", 2_031_454_700),
    BillingAccount("aws-pocketly", "aws", "702958314467", "Pocketly (acquired 2024)", "Billing Account",
                   "0.012", 2_031_877_100),
    BillingAccount("azure", "azure", "7KX2-QW4P-BG7-PGB", "Kestrel Commerce Azure", "Billing Profile",
                   "0.009", 610_442_300),
    BillingAccount("gcp", "gcp", "01A2B3-C4D5E6-F7A8B9", "Kestrel Commerce GCP", "Billing Account",
                   "0.011", 5_104_882_600),
)}

_AWS, _AZ, _GCP = "AWS Account", "Subscription", "Project"

SUB_ACCOUNTS: dict[str, SubAccount] = {s.key: s for s in (
    SubAccount("aws-mgmt", "aws-main", "418273645190", "kestrel-management", _AWS, "shared", "prod"),
    SubAccount("sf-prod", "aws-main", "204817365922", "storefront-prod", _AWS, "storefront", "prod"),
    SubAccount("sf-stg", "aws-main", "204817365941", "storefront-staging", _AWS, "storefront", "staging"),
    SubAccount("sf-dev", "aws-main", "204817366013", "storefront-dev", _AWS, "storefront", "dev"),
    SubAccount("pay-prod", "aws-main", "318264095577", "payments-prod", _AWS, "storefront", "prod", "payments"),
    SubAccount("ml-prod", "aws-main", "551093278406", "ml-prod", _AWS, "insights", "prod", "ml"),
    SubAccount("net", "aws-main", "660219847315", "shared-networking", _AWS, "shared", "prod"),
    SubAccount("obs", "aws-main", "660219847390", "observability", _AWS, "shared", "prod"),
    SubAccount("sec", "aws-main", "660219847428", "security-tooling", _AWS, "shared", "prod"),
    SubAccount("cicd", "aws-main", "660219847511", "ci-cd", _AWS, "shared", "prod"),
    SubAccount("pk-mgmt", "aws-pocketly", "702958314467", "pocketly-management", _AWS, "shared", "prod"),
    SubAccount("mob-prod", "aws-pocketly", "702958320118", "pocketly-mobile-prod", _AWS, "mobile", "prod"),
    SubAccount("mob-stg", "aws-pocketly", "702958320245", "pocketly-mobile-staging", _AWS, "mobile", "staging"),
    SubAccount("mob-dev", "aws-pocketly", "702958320377", "pocketly-mobile-dev", _AWS, "mobile", "dev", "mobile-api"),
    SubAccount("az-ins-prod", "azure", "3f1c9a52-7d4e-4b8a-9c21-5e0d8f6b2a13", "insights-prod", _AZ, "insights", "prod"),
    SubAccount("az-ins-stg", "azure", "8a24e6d1-0b9f-4c3e-a5d7-21f6c8e94b07", "insights-staging", _AZ, "insights",
               "staging"),
    SubAccount("az-ins-dev", "azure", "c95b07e4-2f1a-4d86-b3c9-7e5a10d2f648", "insights-dev", _AZ, "insights", "dev"),
    SubAccount("az-mob", "azure", "1d7e3b90-6c25-4f1b-8e4a-93b2d0c5a7f1", "mobile-notifications-prod", _AZ, "mobile",
               "prod", "mobile-api"),
    SubAccount("az-sec", "azure", "5e0a2c7f-91d3-4b6e-a8f2-0c4d7b19e365", "shared-security", _AZ, "shared", "prod"),
    SubAccount("gcp-sf-prod", "gcp", "storefront-prod-4821", "storefront-prod-4821", _GCP, "storefront", "prod"),
    SubAccount("gcp-ins-prod", "gcp", "insights-prod-7350", "insights-prod-7350", _GCP, "insights", "prod"),
    SubAccount("gcp-ins-dev", "gcp", "insights-dev-2291", "insights-dev-2291", _GCP, "insights", "dev"),
    SubAccount("gcp-growth", "gcp", "growth-analytics-5106", "growth-analytics-5106", _GCP, "mobile", "prod", "growth"),
    SubAccount("gcp-net", "gcp", "shared-vpc-host-1180", "shared-vpc-host-1180", _GCP, "shared", "prod"),
)}

COST_CENTERS: dict[str, CostCenter] = {c.code: c for c in (
    CostCenter("CC-1100", "Storefront Engineering", "Commerce"),
    CostCenter("CC-1200", "Insights Engineering", "Data"),
    CostCenter("CC-1300", "Mobile Engineering", "Commerce"),
    CostCenter("CC-1900", "Platform & Infrastructure", "Technology"),
)}
# Charges no team owns (support, tax, credits, unused commitments) are budgeted here.
SHARED_COST_CENTER = "CC-1900"

TEAMS: dict[str, Team] = {t.name: t for t in (
    Team("checkout", "CC-1100", "storefront", "Cart, checkout and order services"),
    Team("payments", "CC-1100", "storefront", "Payment processing (PCI-isolated account)"),
    Team("search", "CC-1100", "storefront", "Product search and recommendations (search-api)"),
    Team("data-eng", "CC-1200", "insights", "Ingestion pipelines, warehouse and the insights SQL estate"),
    Team("ml", "CC-1200", "insights", "Models, training and generative AI features"),
    Team("mobile-api", "CC-1300", "mobile", "Mobile backend API and notifications (ex-Pocketly)"),
    Team("growth", "CC-1300", "mobile", "Mobile growth analytics and campaigns"),
    Team("platform", "CC-1900", "shared", "Shared networking, Kubernetes platform and CI/CD"),
    Team("sre", "CC-1900", "shared", "Observability and incident response"),
    Team("security", "CC-1900", "shared", "Security tooling and threat detection"),
)}

PRODUCTS: dict[str, str] = {
    "storefront": "B2B e-commerce storefronts for merchants (tenants)",
    "insights": "Analytics and reporting product sold to the same merchants",
    "mobile": "Shopper mobile app and its API (from the Pocketly acquisition)",
}

# Monthly growth of usage per product, compounding daily: steady, unexciting growth.
GROWTH_PER_MONTH: dict[str, float] = {"storefront": 0.017, "insights": 0.021, "mobile": 0.012, "shared": 0.014}

# Weekly patterns, Monday first: how much of the fleet or traffic runs each weekday.
WEEKLY: dict[str, tuple[float, ...]] = {
    "flat": (1, 1, 1, 1, 1, 1, 1),
    "prod": (1.0, 1.02, 1.03, 1.02, 1.0, 0.9, 0.88),       # traffic-driven volumes
    "steady": (1.0, 1.01, 1.02, 1.01, 1.0, 0.95, 0.94),    # autoscaled prod fleets keep a floor
    "batch": (1.0, 1.0, 1.0, 1.0, 1.0, 0.82, 0.8),
    "staging": (1, 1, 1, 1, 1, 0.6, 0.6),
    "dev": (1, 1, 1, 1, 1, 0.15, 0.15),
    "build": (1.0, 1.05, 1.05, 1.05, 0.95, 0.25, 0.2),
}
