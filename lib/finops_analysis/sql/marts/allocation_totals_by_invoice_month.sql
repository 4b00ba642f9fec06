-- allocation_totals_by_invoice_month: the source totals allocation must reconcile to,
-- read straight from the billing roll-up (independent of owners and pools).
-- Grain: one row per billing month, provider, billing account and invoice.
-- Cost basis: both, BilledCost (invoice) and EffectiveCost (amortized), exact DECIMAL sums.
-- Input: int_charges__monthly.
SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_month,
    ProviderName                       AS provider,
    BillingAccountId,
    InvoiceId,
    sum(BilledCost)                    AS billed_cost,
    sum(EffectiveCost)                 AS effective_cost,
    sum(row_count)                     AS row_count
FROM int_charges__monthly
GROUP BY ALL
ORDER BY billing_month, provider, BillingAccountId, InvoiceId
