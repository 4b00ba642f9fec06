-- allocation_cost_by_pool_month: cost before spreading, split into each team's direct
-- cost and the shared pools, per invoice. The input of finops_analysis.allocation.
-- Grain: one row per billing month, provider, billing account, invoice, owner team and
-- pool (pool NULL = direct cost of the team). Months are billing periods.
-- Cost basis: both, BilledCost (invoice) and EffectiveCost (amortized), exact DECIMAL sums.
-- Input: int_charges__pooled_monthly.
SELECT
    billing_month,
    ProviderName                       AS provider,
    BillingAccountId,
    InvoiceId,
    team,
    pool,
    sum(BilledCost)                    AS billed_cost,
    sum(EffectiveCost)                 AS effective_cost,
    sum(row_count)                     AS row_count
FROM int_charges__pooled_monthly
GROUP BY ALL
ORDER BY billing_month, provider, BillingAccountId, InvoiceId, team, pool NULLS FIRST
