-- forecast_cost_by_month: spend per finance month, in total and by each dimension the
-- forecasts, variances and movers look at, in one pass over the charges.
-- Grain: one row per billing month per dimension member; dimension is one of 'total'
-- (member 'Total'), 'provider', 'team', 'cost_center', 'service', 'sub_account'.
-- Month: the billing period (BillingPeriodStart), so a month's total is its invoices'.
-- Cost basis: billed_cost (BilledCost) and effective_cost (EffectiveCost) side by side,
-- summed as DECIMAL and rounded to cents; never add the two.
-- last_usage_date: the newest day-long usage charge in the month, so callers can tell a
-- month still in progress from a complete one.
-- Inputs: int_charges__monthly. The charges are grouped once at the finest grain and the
-- dimensions are rolled up from that small set (members with several names, e.g. a
-- sub-account renamed, are grouped by the label shown: SubAccountName, else the id).
WITH fine AS (
    SELECT
        billing_month,
        ProviderName                                                   AS provider,
        team,
        coalesce(cost_center, '(no cost center)')                      AS cost_center,
        coalesce(ServiceName, '(no service)')                          AS service,
        coalesce(SubAccountName, SubAccountId, '(no sub-account)')     AS sub_account,
        sum(BilledCost)                                                AS billed_cost,
        sum(EffectiveCost)                                             AS effective_cost,
        max(last_usage_date)                                           AS last_usage_date
    FROM int_charges__monthly
    GROUP BY 1, 2, 3, 4, 5, 6
),
members AS (
    SELECT billing_month, 'total' AS dimension, 'Total' AS member, billed_cost, effective_cost, last_usage_date FROM fine
    UNION ALL
    SELECT billing_month, 'provider', provider, billed_cost, effective_cost, last_usage_date FROM fine
    UNION ALL
    SELECT billing_month, 'team', team, billed_cost, effective_cost, last_usage_date FROM fine
    UNION ALL
    SELECT billing_month, 'cost_center', cost_center, billed_cost, effective_cost, last_usage_date FROM fine
    UNION ALL
    SELECT billing_month, 'service', service, billed_cost, effective_cost, last_usage_date FROM fine
    UNION ALL
    SELECT billing_month, 'sub_account', sub_account, billed_cost, effective_cost, last_usage_date FROM fine
)
SELECT
    billing_month,
    dimension,
    member,
    CAST(round(sum(billed_cost), 2) AS DECIMAL(18, 2))    AS billed_cost,
    CAST(round(sum(effective_cost), 2) AS DECIMAL(18, 2)) AS effective_cost,
    max(last_usage_date)                                   AS last_usage_date
FROM members
GROUP BY billing_month, dimension, member
ORDER BY billing_month, dimension, member
