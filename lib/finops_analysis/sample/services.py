"""The price list: services (with their FOCUS category and subcategory) and the SKUs the
sample company uses, at public-list-like on-demand prices (USD, 2025).

Prices are realistic but not quoted from any provider; the sample is fictional.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Service:
    key: str
    provider: str          # aws | azure | gcp
    name: str              # ServiceName as the provider's FOCUS export shows it
    category: str          # ServiceCategory
    subcategory: str       # ServiceSubcategory (an allowed value of FOCUS 1.2 for that category)


@dataclass(frozen=True)
class Sku:
    key: str
    service: str           # Service.key
    meter: str             # SkuMeter
    unit: str              # PricingUnit (= ConsumedUnit)
    price: str             # ListUnitPrice, USD
    description: str       # ChargeDescription
    resource: str          # resource kind (ids and names, see RESOURCE_KINDS)
    details: dict = field(default_factory=dict)   # SkuPriceDetails
    capacity: float = 24.0                        # units a fleet resource uses per full day
    current_gen: str | None = None                # equivalent current-generation SKU


def _svc(key, provider, name, category, sub):
    # FOCUS values are the bare subcategory ("Virtual Machines"); focus_columns.csv lists them
    # as "Compute > Virtual Machines" only to show which category each belongs to.
    return Service(key, provider, name, category, sub)


SERVICES: dict[str, Service] = {s.key: s for s in (
    _svc("ec2", "aws", "Amazon Elastic Compute Cloud", "Compute", "Virtual Machines"),
    _svc("ebs", "aws", "Amazon Elastic Block Store", "Storage", "Block Storage"),
    _svc("s3", "aws", "Amazon Simple Storage Service", "Storage", "Object Storage"),
    _svc("rds", "aws", "Amazon Relational Database Service", "Databases", "Relational Databases"),
    _svc("elasticache", "aws", "Amazon ElastiCache", "Databases", "Caching"),
    _svc("cloudfront", "aws", "Amazon CloudFront", "Networking", "Content Delivery"),
    _svc("vpc", "aws", "Amazon Virtual Private Cloud", "Networking", "Network Infrastructure"),
    _svc("datatransfer", "aws", "AWS Data Transfer", "Networking", "Network Connectivity"),
    _svc("route53", "aws", "Amazon Route 53", "Networking", "Network Routing"),
    _svc("cloudwatch", "aws", "AmazonCloudWatch", "Management and Governance", "Observability"),
    _svc("lambda", "aws", "AWS Lambda", "Compute", "Serverless Compute"),
    _svc("eks", "aws", "Amazon Elastic Kubernetes Service", "Compute", "Containers"),
    _svc("guardduty", "aws", "Amazon GuardDuty", "Security", "Threat Detection and Response"),
    _svc("securityhub", "aws", "AWS Security Hub", "Security", "Security Posture Management"),
    _svc("codebuild", "aws", "AWS CodeBuild", "Developer Tools", "Continuous Integration and Deployment"),
    _svc("bedrock", "aws", "Amazon Bedrock", "AI and Machine Learning", "Generative AI"),
    _svc("support", "aws", "AWS Support (Business)", "Management and Governance", "Support"),
    _svc("support-dev", "aws", "AWS Support (Developer)", "Management and Governance", "Support"),
    _svc("savingsplans", "aws", "Savings Plans for AWS Compute usage", "Compute", "Virtual Machines"),
    _svc("aws-tax", "aws", "Tax", "Other", "Other (Other)"),
    _svc("azvm", "azure", "Virtual Machines", "Compute", "Virtual Machines"),
    _svc("azsql", "azure", "Azure SQL Database", "Databases", "Relational Databases"),
    _svc("azstorage", "azure", "Storage", "Storage", "Object Storage"),
    _svc("azbandwidth", "azure", "Bandwidth", "Networking", "Network Connectivity"),
    _svc("azmonitor", "azure", "Log Analytics", "Management and Governance", "Observability"),
    _svc("aks", "azure", "Azure Kubernetes Service", "Compute", "Containers"),
    _svc("aoai", "azure", "Azure OpenAI", "AI and Machine Learning", "Generative AI"),
    _svc("defender", "azure", "Microsoft Defender for Cloud", "Security", "Threat Detection and Response"),
    _svc("azure-tax", "azure", "Tax", "Other", "Other (Other)"),
    _svc("gce", "gcp", "Compute Engine", "Compute", "Virtual Machines"),
    _svc("gcs", "gcp", "Cloud Storage", "Storage", "Object Storage"),
    _svc("bigquery", "gcp", "BigQuery", "Databases", "Data Warehouses"),
    _svc("cloudsql", "gcp", "Cloud SQL", "Databases", "Relational Databases"),
    _svc("vertex", "gcp", "Vertex AI", "AI and Machine Learning", "AI Platforms"),
    _svc("gcplogging", "gcp", "Cloud Logging", "Management and Governance", "Observability"),
    _svc("gcpnet", "gcp", "Networking", "Networking", "Network Infrastructure"),
    _svc("gcp-tax", "gcp", "Tax", "Other", "Other (Other)"),
)}

# How resource ids and names are built, per kind: (ResourceType, id pattern, name pattern).
# None as id pattern: the provider reports these charges without a resource.
RESOURCE_KINDS: dict[str, tuple[str | None, str | None, str | None]] = {
    "ec2": ("Instance", "i-0{hex16}", "{prefix}-{n:03d}"),
    "ebs": ("Volume", "vol-0{hex16}", "{prefix}-vol-{n:03d}"),
    "s3": ("Bucket", "arn:aws:s3:::kestrel-{prefix}-{n:02d}", "kestrel-{prefix}-{n:02d}"),
    "rds": ("DB Instance", "arn:aws:rds:{region}:{account}:db:{prefix}-{n:02d}", "{prefix}-{n:02d}"),
    "rds-cluster": ("DB Cluster", "arn:aws:rds:{region}:{account}:cluster:{prefix}-{n:02d}", "{prefix}-{n:02d}"),
    "cache": ("Cache Node", "arn:aws:elasticache:{region}:{account}:cluster:{prefix}-{n:03d}", "{prefix}-{n:03d}"),
    "cdn": ("Distribution", "arn:aws:cloudfront::{account}:distribution/E{HEX13}", "{prefix}-cdn-{n}"),
    "natgw": ("NAT Gateway", "arn:aws:ec2:{region}:{account}:natgateway/nat-0{hex16}", "{prefix}-nat-{n}"),
    "logs": ("Log Group", "arn:aws:logs:{region}:{account}:log-group:/{prefix}/{n:02d}", "/{prefix}/{n:02d}"),
    "lambda": ("Function", "arn:aws:lambda:{region}:{account}:function:{prefix}-{n:02d}", "{prefix}-{n:02d}"),
    "eks": ("Cluster", "arn:aws:eks:{region}:{account}:cluster/{prefix}-{n}", "{prefix}-{n}"),
    "guardduty": ("Detector", "arn:aws:guardduty:{region}:{account}:detector/{hex32}", "guardduty-{region}"),
    "hub": ("Hub", "arn:aws:securityhub:{region}:{account}:hub/default", "securityhub-{region}"),
    "build": ("Project", "arn:aws:codebuild:{region}:{account}:project/{prefix}-{n:02d}", "{prefix}-{n:02d}"),
    "zone": ("Hosted Zone", "arn:aws:route53:::hostedzone/Z{HEX13}", "{prefix}-{n}.kestrel.example"),
    "none": (None, None, None),
    "bedrock": ("Inference profile", "arn:aws:bedrock:{region}:{account}:application-inference-profile/{hex12}",
                "{prefix}-{n:02d}"),
    "azvm": ("Virtual machine", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
             "Microsoft.Compute/virtualMachines/vm-{prefix}-{n:03d}", "vm-{prefix}-{n:03d}"),
    "azsql": ("SQL database", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
              "Microsoft.Sql/servers/sql-{prefix}/databases/{prefix}-db{n:02d}", "{prefix}-db{n:02d}"),
    "azstorage": ("Storage account", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
                  "Microsoft.Storage/storageAccounts/st{flat}{n:02d}", "st{flat}{n:02d}"),
    "azpip": ("Public IP address", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
              "Microsoft.Network/publicIPAddresses/pip-{prefix}-{n:02d}", "pip-{prefix}-{n:02d}"),
    "azla": ("Log Analytics workspace", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
             "Microsoft.OperationalInsights/workspaces/log-{prefix}-{n:02d}", "log-{prefix}-{n:02d}"),
    "aks": ("Kubernetes service", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
            "Microsoft.ContainerService/managedClusters/aks-{prefix}-{n}", "aks-{prefix}-{n}"),
    "aoai": ("Azure OpenAI", "/subscriptions/{account}/resourceGroups/rg-{prefix}/providers/"
             "Microsoft.CognitiveServices/accounts/aoai-{prefix}-{n:02d}", "aoai-{prefix}-{n:02d}"),
    "defender": ("Defender plan", "/subscriptions/{account}/providers/Microsoft.Security/pricings/"
                 "VirtualMachines-{n:02d}", "defender-servers-{n:02d}"),
    "gce": ("Instance", "//compute.googleapis.com/projects/{account}/zones/{zone}/instances/{prefix}-{n:03d}",
            "{prefix}-{n:03d}"),
    "gcs": ("Bucket", "//storage.googleapis.com/projects/_/buckets/{account}-{prefix}-{n:02d}",
            "{account}-{prefix}-{n:02d}"),
    "bq": ("Dataset", "//bigquery.googleapis.com/projects/{account}/datasets/{flat}_{n:02d}", "{flat}_{n:02d}"),
    "cloudsql": ("Instance", "//cloudsql.googleapis.com/projects/{account}/instances/{prefix}-{n:02d}",
                 "{prefix}-{n:02d}"),
    "vertex": ("Endpoint", "//aiplatform.googleapis.com/projects/{account}/locations/{region}/endpoints/"
               "{num10}", "{prefix}-{n:02d}"),
    "router": ("Router", "//compute.googleapis.com/projects/{account}/regions/{region}/routers/{prefix}-{n}",
               "{prefix}-{n}"),
    "lb": ("Forwarding rule", "//compute.googleapis.com/projects/{account}/global/forwardingRules/{prefix}-{n}",
           "{prefix}-{n}"),
}


def _vm(key, service, meter, price, itype, cores, mem, os="Linux", desc=None, cur=None, resource="ec2"):
    series = itype.split(".")[0] if "." in itype else itype.split("_")[0]
    details = {"InstanceType": itype, "InstanceSeries": series, "CoreCount": cores,
               "MemorySize": mem, "OperatingSystem": os}
    return Sku(key, service, meter, "Hours", price, desc or f"{itype} {os} instance hour", resource,
               details, current_gen=cur)


def _m(key, service, meter, unit, price, desc, resource, details=None, capacity=24.0):
    return Sku(key, service, meter, unit, price, desc, resource, details or {}, capacity)


def _ec2(itype, price, cores, mem, cur=None):
    return _vm(itype, "ec2", f"BoxUsage:{itype}", price, itype, cores, mem,
               desc=f"${price} per On Demand Linux {itype} Instance Hour", cur=cur)


def _rds(itype, price, engine, cores, mem):
    sku = _vm(itype, "rds", f"InstanceUsage:{itype}", price, itype, cores, mem, os=engine,
              desc=f"${price} per RDS {itype} Multi-AZ instance hour running {engine}", resource="rds")
    return sku


def _azvm(size, price, cores, mem, cur=None):
    key = "az-" + size.replace(" ", "").lower()
    return _vm(key, "azvm", f"{size}", price, f"Standard_{size.replace(' ', '_')}", cores, mem,
               desc=f"Virtual Machines {size} Series - {size} - US East", cur=cur, resource="azvm")


def _gce(mtype, price, cores, mem):
    fam = mtype.split("-")[0].upper()
    return _vm("gce-" + mtype, "gce", f"{fam} Predefined Instance running in Americas ({mtype})", price,
               mtype, cores, mem, desc=f"{mtype} instance running in Americas", resource="gce")


SKUS: dict[str, Sku] = {s.key: s for s in (
    _ec2("m6i.large", "0.096", 2, 8), _ec2("m6i.xlarge", "0.192", 4, 16),
    _ec2("m6i.2xlarge", "0.384", 8, 32), _ec2("c6i.xlarge", "0.17", 4, 8),
    _ec2("c6i.2xlarge", "0.34", 8, 16), _ec2("c6i.4xlarge", "0.68", 16, 32),
    _ec2("r6i.large", "0.126", 2, 16), _ec2("r6i.xlarge", "0.252", 4, 32),
    _ec2("r6i.2xlarge", "0.504", 8, 64), _ec2("t3.medium", "0.0416", 2, 4),
    _ec2("t3.large", "0.0832", 2, 8), _ec2("g5.2xlarge", "1.212", 8, 32),
    # Previous generation: still running in the acquired business, dearer than their successors.
    _ec2("m4.large", "0.10", 2, 8, cur="m6i.large"), _ec2("m4.xlarge", "0.20", 4, 16, cur="m6i.xlarge"),
    _ec2("m4.2xlarge", "0.40", 8, 32, cur="m6i.2xlarge"), _ec2("c4.xlarge", "0.199", 4, 7.5, cur="c6i.xlarge"),
    _ec2("c4.2xlarge", "0.398", 8, 15, cur="c6i.2xlarge"),
    _rds("db.r6g.2xlarge", "1.038", "Aurora MySQL", 8, 64), _rds("db.r6g.xlarge", "0.519", "Aurora MySQL", 4, 32),
    _rds("db.r6g.large", "0.26", "Aurora MySQL", 2, 16), _rds("db.t4g.medium", "0.073", "Aurora MySQL", 2, 4),
    _rds("db.m5.large", "0.171", "PostgreSQL", 2, 8), _rds("db.r5.large", "0.25", "PostgreSQL", 2, 16),
    _m("aurora-storage", "rds", "Aurora:StorageUsage", "GB-Months", "0.10", "$0.10 per GB-month of Aurora storage",
       "rds-cluster", {"StorageClass": "Aurora Standard"}),
    _m("aurora-io", "rds", "Aurora:StorageIOUsage", "Requests", "0.0000002", "$0.20 per 1 million I/O requests",
       "rds-cluster"),
    _m("cache.r6g.large", "elasticache", "NodeUsage:cache.r6g.large", "Hours", "0.206",
       "$0.206 per Redis OSS cache.r6g.large node hour", "cache", {"InstanceType": "cache.r6g.large"}),
    _m("cache.m5.large", "elasticache", "NodeUsage:cache.m5.large", "Hours", "0.156",
       "$0.156 per Redis OSS cache.m5.large node hour", "cache", {"InstanceType": "cache.m5.large"}),
    _m("gp3", "ebs", "EBS:VolumeUsage.gp3", "GB-Months", "0.08", "$0.08 per GB-month of General Purpose (gp3) provisioned storage",
       "ebs", {"DiskType": "gp3", "StorageClass": "General Purpose"}),
    _m("ebs-snapshot", "ebs", "EBS:SnapshotUsage", "GB-Months", "0.05", "$0.05 per GB-month of snapshot data stored",
       "ebs", {"StorageClass": "Snapshot"}),
    _m("s3-standard", "s3", "TimedStorage-ByteHrs", "GB-Months", "0.023", "$0.023 per GB - first 50 TB / month of storage used",
       "s3", {"StorageClass": "Standard"}),
    _m("s3-put", "s3", "Requests-Tier1", "Requests", "0.000005", "$0.005 per 1,000 PUT, COPY, POST, or LIST requests", "s3"),
    _m("s3-get", "s3", "Requests-Tier2", "Requests", "0.0000004", "$0.0004 per 1,000 GET and all other requests", "s3"),
    _m("cf-dto", "cloudfront", "DataTransfer-Out-Bytes", "GB", "0.085", "$0.085 per GB - first 10 TB / month data transfer out",
       "cdn"),
    _m("cf-requests", "cloudfront", "Requests-Tier2-HTTPS", "Requests", "0.000001", "$0.010 per 10,000 HTTPS requests", "cdn"),
    _m("natgw-hours", "vpc", "NatGateway-Hours", "Hours", "0.045", "$0.045 per NAT Gateway Hour", "natgw"),
    _m("natgw-bytes", "vpc", "NatGateway-Bytes", "GB", "0.045", "$0.045 per GB Data Processed by NAT Gateways", "natgw"),
    _m("dt-inter-az", "datatransfer", "DataTransfer-Regional-Bytes", "GB", "0.01",
       "$0.010 per GB - regional data transfer - in/out/between EC2 AZs", "none"),
    _m("dt-out", "datatransfer", "DataTransfer-Out-Bytes", "GB", "0.09",
       "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier", "none"),
    _m("r53-queries", "route53", "DNS-Queries", "Requests", "0.0000004", "$0.40 per 1,000,000 queries", "zone"),
    _m("logs-ingest", "cloudwatch", "DataProcessing-Bytes", "GB", "0.50", "$0.50 per GB custom log data ingested", "logs"),
    _m("logs-storage", "cloudwatch", "TimedStorage-ByteHrs", "GB-Months", "0.03", "$0.03 per GB-mo of log storage", "logs"),
    _m("cw-metrics", "cloudwatch", "CW:MetricMonitorUsage", "Metrics", "0.01", "$0.30 per metric-month, prorated by the day",
       "logs"),
    _m("lambda-requests", "lambda", "Request", "Requests", "0.0000002", "AWS Lambda - Total Requests - US East (N. Virginia)",
       "lambda"),
    _m("lambda-duration", "lambda", "Lambda-GB-Second", "GB-Seconds", "0.0000166667",
       "AWS Lambda - Total Compute - US East (N. Virginia)", "lambda"),
    _m("eks-cluster", "eks", "AmazonEKS-Hours:perCluster", "Hours", "0.10", "$0.10 per hour per EKS cluster", "eks"),
    _m("gd-flowlogs", "guardduty", "PaidVPCFlowLogsAnalyzed", "GB", "1.00", "$1.00 per GB of VPC Flow Logs analyzed",
       "guardduty"),
    _m("gd-events", "guardduty", "PaidEventsAnalyzed", "Events", "0.000004", "$4.00 per million CloudTrail events analyzed",
       "guardduty"),
    _m("sh-checks", "securityhub", "PaidComplianceCheck", "Checks", "0.001", "$0.0010 per security check", "hub"),
    _m("cb-medium", "codebuild", "Build-Min:Linux:g1.medium", "Minutes", "0.01",
       "$0.01 per build minute for general1.medium Linux", "build", {"InstanceType": "general1.medium"}),
    _m("cb-large", "codebuild", "Build-Min:Linux:g1.large", "Minutes", "0.02",
       "$0.02 per build minute for general1.large Linux", "build", {"InstanceType": "general1.large"}),
    _m("bedrock-in", "bedrock", "Claude3.5Sonnet-input-tokens", "1000 Tokens", "0.003",
       "Anthropic Claude 3.5 Sonnet input tokens", "bedrock"),
    _m("bedrock-out", "bedrock", "Claude3.5Sonnet-output-tokens", "1000 Tokens", "0.015",
       "Anthropic Claude 3.5 Sonnet output tokens", "bedrock"),
    _m("bedrock-embed", "bedrock", "TitanEmbeddingsV2-input-tokens", "1000 Tokens", "0.00002",
       "Amazon Titan Text Embeddings V2 input tokens", "bedrock"),
    _azvm("D4s v5", "0.192", 4, 16), _azvm("D8s v5", "0.384", 8, 32), _azvm("E8s v5", "0.504", 8, 64),
    _azvm("D4as v5", "0.172", 4, 16), _azvm("D8as v5", "0.344", 8, 32),
    _azvm("D4 v3", "0.192", 4, 16, cur="az-d4asv5"), _azvm("D8 v3", "0.384", 8, 32, cur="az-d8asv5"),
    _m("sql-gp-8", "azsql", "vCore", "Hours", "0.2521", "SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - vCore",
       "azsql", {"CoreCount": 8, "x_Tier": "General Purpose"}, capacity=192.0),
    _m("sql-gp-4", "azsql", "vCore", "Hours", "0.2521", "SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - vCore",
       "azsql", {"CoreCount": 4, "x_Tier": "General Purpose"}, capacity=96.0),
    _m("sql-storage", "azsql", "General Purpose Data Stored", "GB-Months", "0.115",
       "SQL Database Single/Elastic Pool General Purpose - Storage - Data Stored", "azsql"),
    _m("blob-hot", "azstorage", "Hot LRS Data Stored", "GB-Months", "0.0184", "Blob Storage - Hot LRS - Data Stored",
       "azstorage", {"StorageClass": "Hot", "Redundancy": "Local"}),
    _m("blob-write", "azstorage", "Hot LRS Write Operations", "Requests", "0.0000065", "Blob Storage - Hot LRS - Write Operations",
       "azstorage"),
    _m("blob-read", "azstorage", "Hot Read Operations", "Requests", "0.0000005", "Blob Storage - Hot - Read Operations",
       "azstorage"),
    _m("az-dto", "azbandwidth", "Standard Data Transfer Out", "GB", "0.087", "Bandwidth - Rtn Preference: MGN - Standard Data Transfer Out",
       "azpip"),
    _m("la-ingest", "azmonitor", "Analytics Logs Data Ingestion", "GB", "2.30", "Log Analytics - Analytics Logs - Data Ingestion",
       "azla"),
    _m("aks-uptime", "aks", "Standard Uptime SLA", "Hours", "0.10", "Azure Kubernetes Service - Standard - Uptime SLA", "aks"),
    _m("aoai-in", "aoai", "gpt-4o-0806-Inp-glbl Tokens", "1000 Tokens", "0.0025", "Azure OpenAI - GPT-4o global input tokens",
       "aoai"),
    _m("aoai-out", "aoai", "gpt-4o-0806-Outp-glbl Tokens", "1000 Tokens", "0.01", "Azure OpenAI - GPT-4o global output tokens",
       "aoai"),
    _m("defender-servers", "defender", "Standard Node", "Hours", "0.02", "Microsoft Defender for Servers - Plan 2 - Node",
       "defender"),
    _gce("n2-standard-4", "0.194236", 4, 16), _gce("n2-standard-8", "0.388472", 8, 32),
    _gce("n2-highmem-8", "0.524", 8, 64), _gce("e2-standard-4", "0.134012", 4, 16),
    _m("gcs-standard", "gcs", "Standard Storage US Multi-region", "GiB-Months", "0.026", "Standard Storage US Multi-region",
       "gcs", {"StorageClass": "Standard"}),
    _m("gcs-classa", "gcs", "Multi-Region Standard Class A Operations", "Requests", "0.000005",
       "Multi-Region Standard Class A Operations", "gcs"),
    _m("bq-analysis", "bigquery", "Analysis (us)", "TiB", "6.25", "BigQuery on-demand analysis (US multi-region)", "bq"),
    _m("bq-storage", "bigquery", "Active Logical Storage (us)", "GiB-Months", "0.02", "BigQuery active logical storage", "bq"),
    _m("cloudsql-pg-8", "cloudsql", "Cloud SQL for PostgreSQL: Regional - 8 vCPU + 32GB RAM", "Hours", "0.7706",
       "Cloud SQL for PostgreSQL: Regional - 8 vCPU + 32GB RAM in Americas", "cloudsql",
       {"CoreCount": 8, "MemorySize": 32}),
    _m("vertex-training", "vertex", "Custom Training on n1-standard-8 with 1 NVIDIA T4", "Hours", "0.73",
       "Vertex AI: Training on n1-standard-8 + 1 T4 GPU in Americas", "vertex"),
    _m("vertex-prediction", "vertex", "Online Prediction n1-standard-4", "Hours", "0.219",
       "Vertex AI: Online/Batch Prediction n1-standard-4 in Americas", "vertex"),
    _m("gemini-in", "vertex", "Gemini 1.5 Pro Input Characters", "1000 Characters", "0.0003125",
       "Gemini 1.5 Pro text input characters", "vertex"),
    _m("gcp-logs", "gcplogging", "Log Volume", "GiB", "0.50", "Cloud Logging log storage volume", "none"),
    _m("nat-uptime", "gcpnet", "Cloud NAT Gateway uptime", "Hours", "0.044", "Networking Cloud NAT Gateway Uptime charge",
       "router"),
    _m("nat-data", "gcpnet", "Cloud NAT Data Processing", "GiB", "0.045", "Networking Cloud NAT Data Processing charge",
       "router"),
    _m("lb-data", "gcpnet", "Network Load Balancing: Data Processing", "GiB", "0.008",
       "Network Load Balancing: Data Processing Charge in Americas", "lb"),
    _m("lb-rule", "gcpnet", "Network Load Balancing: Forwarding Rule", "Hours", "0.025",
       "Network Load Balancing: Forwarding Rule Minimum Service Charge in Americas", "lb"),
)}
