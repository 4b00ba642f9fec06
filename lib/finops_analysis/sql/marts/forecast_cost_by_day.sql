-- forecast_cost_by_day: spend per usage day, in total and by provider, team and cost center.
-- Grain: one row per usage day (charge_date, UTC) per dimension member; dimension is one
-- of 'total' (member 'Total'), 'provider', 'team', 'cost_center'.
-- Day: the charge period (ChargePeriodStart, UTC). Only usage rows whose charge period is
-- exactly one day are counted: monthly fees (support), tax, credits, commitment purchases
-- and restatements span a month or a term and would put a month's cost on one day, so
-- daily series leave them out (the monthly series keeps them).
-- Cost basis: billed_cost (BilledCost) and effective_cost (EffectiveCost), DECIMAL sums
-- rounded to cents.
-- Inputs: int_charges__rolled_up.
WITH fine AS (
    SELECT
        charge_date,
        ProviderName                               AS provider,
        team,
        coalesce(cost_center, '(no cost center)')  AS cost_center,
        sum(BilledCost)                            AS billed_cost,
        sum(EffectiveCost)                         AS effective_cost
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage'
      AND ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY
    GROUP BY 1, 2, 3, 4
),
members AS (
    SELECT charge_date, 'total' AS dimension, 'Total' AS member, billed_cost, effective_cost FROM fine
    UNION ALL
    SELECT charge_date, 'provider', provider, billed_cost, effective_cost FROM fine
    UNION ALL
    SELECT charge_date, 'team', team, billed_cost, effective_cost FROM fine
    UNION ALL
    SELECT charge_date, 'cost_center', cost_center, billed_cost, effective_cost FROM fine
)
SELECT
    charge_date,
    dimension,
    member,
    CAST(round(sum(billed_cost), 2) AS DECIMAL(18, 2))    AS billed_cost,
    CAST(round(sum(effective_cost), 2) AS DECIMAL(18, 2)) AS effective_cost
FROM members
GROUP BY charge_date, dimension, member
ORDER BY charge_date, dimension, member
