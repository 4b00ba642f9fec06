-- allocation_usage_by_owner_source_month: how usage cost found its owner, before any
-- shared pool is spread (the unallocated share KPI).
-- Grain: one row per billing month and owner_source (tag, sub_account_rule, tag_rule,
-- unallocated). Cost basis: both, BilledCost and EffectiveCost, exact DECIMAL sums.
-- Usage rows only (ChargeCategory = 'Usage'): purchases, tax and credits have no owner to
-- find. Input: int_charges__monthly.
SELECT
    billing_month,
    owner_source,
    sum(BilledCost)     AS billed_cost,
    sum(EffectiveCost)  AS effective_cost,
    sum(row_count)          AS row_count
FROM int_charges__monthly
WHERE ChargeCategory = 'Usage'
GROUP BY ALL
ORDER BY billing_month, owner_source
