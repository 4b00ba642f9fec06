-- billing_profile: what each billing file holds, for the folder-level checks (currency,
-- contiguous months, overlapping files).
-- Grain: one row per source file, provider, billing currency and billing month.
-- Input: stg_billing.
SELECT
    source_file,
    ProviderName                                           AS provider,
    BillingCurrency                                        AS currency,
    CAST(date_trunc('month', BillingPeriodStart) AS DATE)  AS billing_month,
    count(*)                                               AS row_count
FROM stg_billing
GROUP BY ALL
