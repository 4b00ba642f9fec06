-- billing_summary_by_provider: the size and span of the billing data.
-- Grain: one row per provider. Cost basis: BilledCost (invoice) and EffectiveCost
-- (amortized) side by side, in the billing currency; months are billing periods.
-- Input: stg_billing.
SELECT
    ProviderName                                    AS provider,
    count(DISTINCT source_file)                     AS files,
    count(*)                                        AS row_count,
    count(DISTINCT BillingAccountId)                AS billing_accounts,
    count(DISTINCT SubAccountId)                    AS sub_accounts,
    strftime(min(BillingPeriodStart), '%Y-%m')      AS first_month,
    strftime(max(BillingPeriodStart), '%Y-%m')      AS last_month,
    count(DISTINCT date_trunc('month', BillingPeriodStart)) AS months,
    CAST(round(sum(BilledCost), 2) AS DECIMAL(18, 2))    AS billed_cost,
    CAST(round(sum(EffectiveCost), 2) AS DECIMAL(18, 2)) AS effective_cost,
    string_agg(DISTINCT BillingCurrency, ', ')      AS currency
FROM stg_billing
GROUP BY ProviderName
ORDER BY billed_cost DESC
