-- billing_profile: what each billing file holds, for the folder-level checks (currency,
-- contiguous months, overlapping files).
-- Grain: one row per source file, provider, billing currency and billing month.
-- Input: the typed rows of one billing file (validation_batches.billing_profile runs it
-- per file, so that an unchanged file's lines come from the file cache).
SELECT
    source_file,
    ProviderName                                           AS provider,
    BillingCurrency                                        AS currency,
    CAST(date_trunc('month', BillingPeriodStart) AS DATE)  AS billing_month,
    count(*)                                               AS row_count
FROM {rows}
GROUP BY ALL
