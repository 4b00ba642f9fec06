-- unit_economics_daily_cost_by_team: each team's direct cost per usage day, for the
-- fixed-versus-variable regression of cost on volume.
-- Grain: one row per charge_date (UTC usage day, ChargePeriodStart) and team.
-- Cost basis: both, BilledCost and EffectiveCost (exact DECIMAL sums).
-- Input: int_charges__pooled. Direct cost only (rows in no shared pool): pools are spread
-- per billing month, not per day. Rows whose charge period is longer than a day (monthly
-- fees, tax, all-upfront purchases) are left out of a daily series.
SELECT
    charge_date,
    team,
    sum(BilledCost)     AS billed_cost,
    sum(EffectiveCost)  AS effective_cost,
    sum(row_count)      AS row_count
FROM int_charges__pooled
WHERE pool IS NULL
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY
GROUP BY ALL
ORDER BY charge_date, team
