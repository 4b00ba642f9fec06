-- showback_cost_by_dimension: one team's direct cost by service, by environment and by
-- sub-account, in a month and the month before. Only that team's own charges.
-- Grain: one row per dimension ('service', 'environment', 'sub_account') and value.
-- Cost basis: EffectiveCost (amortized) and BilledCost, billing currency; months are
-- billing periods. Direct cost: the team's charges that join no shared pool.
-- Inputs: int_charges__pooled_monthly; $team, $month and $prior_month (first days of months).
WITH mine AS (
    SELECT
        billing_month,
        ServiceName                                     AS service,
        coalesce(tag_environment, '(untagged)')         AS environment,
        coalesce(SubAccountName, SubAccountId)          AS sub_account,
        EffectiveCost, BilledCost
    FROM int_charges__pooled_monthly
    WHERE team = $team AND pool IS NULL
      AND billing_month IN (CAST($month AS DATE), CAST($prior_month AS DATE))
)
SELECT
    CASE WHEN GROUPING(service) = 0 THEN 'service'
         WHEN GROUPING(environment) = 0 THEN 'environment'
         ELSE 'sub_account' END                                             AS dimension,
    coalesce(service, environment, sub_account)                             AS value,
    CAST(coalesce(sum(EffectiveCost) FILTER (WHERE billing_month = CAST($month AS DATE)), 0) AS DOUBLE)
                                                                            AS effective_cost,
    CAST(coalesce(sum(EffectiveCost) FILTER (WHERE billing_month = CAST($prior_month AS DATE)), 0) AS DOUBLE)
                                                                            AS prior_effective_cost,
    CAST(coalesce(sum(BilledCost) FILTER (WHERE billing_month = CAST($month AS DATE)), 0) AS DOUBLE)
                                                                            AS billed_cost
FROM mine
GROUP BY GROUPING SETS ((service), (environment), (sub_account))
ORDER BY dimension, effective_cost DESC
