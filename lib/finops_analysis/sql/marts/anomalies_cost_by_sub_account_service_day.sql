-- anomalies_cost_by_sub_account_service_day: the daily cost series the anomaly detectors
-- read, one series per (provider, sub-account, service), with the team that owns most of
-- each series.
-- Grain: one row per usage day (charge_date, from ChargePeriodStart, UTC) per provider,
-- sub-account and service that had cost that day. Days without cost have no row.
-- Cost basis: billed_cost, effective_cost, list_cost and contracted_cost side by side, in
-- the billing currency. contracted_cost is the on-demand equivalent at negotiated prices:
-- a commitment starting or renewing moves EffectiveCost but not ContractedCost, so
-- detection on contracted_cost does not mistake a commitment for an anomaly.
-- Rows kept: usage rows (ChargeCategory 'Usage') whose charge period is at most one day.
-- Left out: monthly fees, tax, credits and purchases (periods of a month or a term, and
-- not usage), corrections (they restate earlier periods), and Unused commitment rows
-- (commitment waste, measured by utilization, not usage).
-- owner_team: the team (int_charges__rolled_up.team) with the largest contracted_cost in the
-- series over the same days (ties to the first name).
-- Parameters: $start_date, $end_date (DATE, inclusive; NULL = unbounded).
-- Input: int_charges__rolled_up.
WITH daily_rows AS (
    SELECT
        charge_date,
        ProviderName    AS provider,
        SubAccountId    AS sub_account_id,
        SubAccountName  AS sub_account_name,
        ServiceName     AS service_name,
        team,
        BilledCost, EffectiveCost, ListCost, ContractedCost
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage'
      AND ChargeClass IS DISTINCT FROM 'Correction'
      AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
      AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY
      AND ($start_date IS NULL OR charge_date >= CAST($start_date AS DATE))
      AND ($end_date IS NULL OR charge_date <= CAST($end_date AS DATE))
),
team_cost AS (
    SELECT provider, sub_account_id, service_name, team, sum(ContractedCost) AS cost
    FROM daily_rows
    GROUP BY provider, sub_account_id, service_name, team
),
owners AS (
    SELECT provider, sub_account_id, service_name, team AS owner_team
    FROM (
        SELECT *, row_number() OVER (PARTITION BY provider, sub_account_id, service_name
                                     ORDER BY cost DESC, team) AS rank_in_series
        FROM team_cost
    ) AS ranked
    WHERE rank_in_series = 1
)
SELECT
    d.charge_date,
    d.provider,
    d.sub_account_id,
    any_value(d.sub_account_name)                  AS sub_account_name,
    d.service_name,
    any_value(o.owner_team)                        AS owner_team,
    CAST(sum(d.BilledCost) AS DECIMAL(38, 10))     AS billed_cost,
    CAST(sum(d.EffectiveCost) AS DECIMAL(38, 10))  AS effective_cost,
    CAST(sum(d.ListCost) AS DECIMAL(38, 10))       AS list_cost,
    CAST(sum(d.ContractedCost) AS DECIMAL(38, 10)) AS contracted_cost
FROM daily_rows AS d
LEFT JOIN owners AS o
  ON o.provider = d.provider AND o.sub_account_id IS NOT DISTINCT FROM d.sub_account_id
 AND o.service_name IS NOT DISTINCT FROM d.service_name
GROUP BY d.charge_date, d.provider, d.sub_account_id, d.service_name
ORDER BY d.provider, d.sub_account_id, d.service_name, d.charge_date
